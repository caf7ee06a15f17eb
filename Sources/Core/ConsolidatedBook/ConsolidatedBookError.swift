/// Why a consolidated book refused a configuration or a venue's update.
///
/// The shape follows the project's error convention: a stable ``Code`` for machines, a message for people that
/// says what went wrong and how to fix it, and the venue concerned (if any) so a log line is self-contained.
public struct ConsolidatedBookError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, extensible error code. The raw value is part of the public API (logs, JSON errors).
    public struct Code: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A decimal scale outside `0...18`.
        public static let invalidScale = Code(rawValue: "consolidated_invalid_scale")
        /// A per-venue depth limit below 1.
        public static let invalidDepth = Code(rawValue: "consolidated_invalid_depth")
        /// Two venues with the same name.
        public static let duplicateVenue = Code(rawValue: "consolidated_duplicate_venue")
        /// More venues than ``ConsolidatedBook/maximumVenues``.
        public static let tooManyVenues = Code(rawValue: "consolidated_too_many_venues")
        /// A ``VenueID`` this book did not issue.
        public static let unknownVenue = Code(rawValue: "consolidated_unknown_venue")
        /// A taker fee outside `0...9_999` basis points.
        public static let invalidFee = Code(rawValue: "consolidated_invalid_fee")
        /// A price that is zero or negative.
        public static let nonPositivePrice = Code(rawValue: "consolidated_price_not_positive")
        /// A price with more significant decimals than the book's price scale.
        public static let inexactPrice = Code(rawValue: "consolidated_inexact_price")
        /// A size with more significant decimals than the book's size scale.
        public static let inexactSize = Code(rawValue: "consolidated_inexact_size")
        /// A value too large for the book's scale (or a size above ``ConsolidatedBook/maximumLevelSize``).
        public static let overflow = Code(rawValue: "consolidated_value_overflow")
        /// The venue's own book is crossed (its best bid at or above its best ask): a sign of a broken feed.
        public static let venueBookCrossed = Code(rawValue: "consolidated_venue_book_crossed")
        /// A live update older (by exchange time) than one already applied for the venue.
        public static let outOfOrder = Code(rawValue: "consolidated_out_of_order")
    }

    public let code: Code
    /// What went wrong and how to fix it.
    public let message: String
    /// The venue the error concerns, if any.
    public let venue: String?

    public init(_ code: Code, _ message: String, venue: String? = nil) {
        self.code = code
        self.message = message
        self.venue = venue
    }

    public var description: String {
        if let venue { return "\(code) [\(venue)]: \(message)" }
        return "\(code): \(message)"
    }
}
