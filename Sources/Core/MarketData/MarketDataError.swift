import BourseCore

/// Why a market-data frame or recording could not be used.
///
/// Follows the project's error convention: a stable ``Code``, a message for people saying what was wrong,
/// the byte offset in the frame where it was noticed, and the decimal failure behind it if there is one.
public struct MarketDataError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, extensible error code. Raw values are part of the public API (logs, JSON output).
    public struct Code: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The frame is not well-formed JSON (or uses JSON this parser deliberately refuses, such as
        /// nesting deeper than 64 levels).
        public static let malformedJSON = Code(rawValue: "malformed_json")
        /// A field this parser needs is absent.
        public static let missingField = Code(rawValue: "missing_field")
        /// A known field has a value of the wrong type (for example a string where an update id belongs).
        public static let wrongType = Code(rawValue: "wrong_type")
        /// A known field appears twice in one object.
        public static let duplicateField = Code(rawValue: "duplicate_field")
        /// An integer does not fit `Int64`.
        public static let integerOverflow = Code(rawValue: "integer_overflow")
        /// A price or size is not an exact decimal at the configured scale; see ``MarketDataError/decimal``.
        public static let invalidDecimal = Code(rawValue: "invalid_decimal")
        /// A symbol longer than ``VenueSymbol/capacity`` bytes.
        public static let symbolTooLong = Code(rawValue: "symbol_too_long")
        /// A line of a recording does not have the recorder's shape.
        public static let malformedRecording = Code(rawValue: "malformed_recording")
        /// A recording file could not be opened or read.
        public static let unreadableFile = Code(rawValue: "unreadable_file")
    }

    public let code: Code
    public let message: String
    /// Byte offset in the frame (or line number in a recording) where the problem was noticed.
    public let offset: Int
    /// The decimal parse failure behind ``Code-swift.struct/invalidDecimal``.
    public let decimal: DecimalError?

    public init(_ code: Code, _ message: String, offset: Int = 0, decimal: DecimalError? = nil) {
        self.code = code
        self.message = message
        self.offset = offset
        self.decimal = decimal
    }

    public var description: String { "\(code): \(message) (at \(offset))" }
}
