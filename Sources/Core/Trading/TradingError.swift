/// Why the trading core refused a configuration or a fill. Nothing changed when it throws.
///
/// The shape follows the project's error convention: a stable ``Code`` for machines and a message for people
/// saying what was wrong and how to fix it.
public struct TradingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, extensible error code. The raw value is part of the public API (logs, JSON errors).
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's text, e.g. `trading_invalid_configuration`.
        public let rawValue: String
        init(_ rawValue: String) { self.rawValue = rawValue }
        /// The code's text.
        public var description: String { rawValue }

        /// A strategy or estimator parameter is out of its range (the message names it and the range).
        public static let invalidConfiguration = Code("trading_invalid_configuration")
        /// A fill with a non-positive price or quantity, or an empty venue or trade id.
        public static let invalidFill = Code("trading_invalid_fill")
        /// Applying the fill would overflow a position or an amount.
        public static let overflow = Code("trading_overflow")
    }

    /// The machine-readable reason.
    public let code: Code
    /// What was wrong and how to fix it.
    public let message: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: the stable reason.
    ///   - message: a sentence for people.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
