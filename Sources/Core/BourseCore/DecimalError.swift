/// Why a decimal string could not be turned into a fixed-point number.
///
/// The shape follows the project's error convention: a stable ``Code`` for machines, a message for people,
/// and the offending input so a log line says what was wrong.
public struct DecimalError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, extensible error code. The raw value is part of the public API (logs, JSON errors).
    public struct Code: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The string is empty or has no digits.
        public static let empty = Code(rawValue: "decimal_empty")
        /// A character other than digits, one leading sign and one decimal point.
        public static let invalidCharacter = Code(rawValue: "decimal_invalid_character")
        /// Scientific notation such as `1e-5`: exchanges never send it for prices and sizes, so it is refused.
        public static let exponentNotation = Code(rawValue: "decimal_exponent_notation")
        /// A negative value where only values >= 0 are allowed (sizes).
        public static let negative = Code(rawValue: "decimal_negative")
        /// More significant fractional digits than the instrument's scale.
        public static let tooManyDecimals = Code(rawValue: "decimal_too_many_decimals")
        /// The value does not fit a signed 64-bit integer at the requested scale.
        public static let overflow = Code(rawValue: "decimal_overflow")
    }

    public let code: Code
    /// The input, truncated to 64 characters.
    public let input: String
    /// The scale (number of fractional digits) the input was parsed at.
    public let scale: Int

    public init(_ code: Code, input: String, scale: Int) {
        self.code = code
        self.input = String(input.prefix(64))
        self.scale = scale
    }

    public var message: String {
        switch code {
        case .empty: return "'\(input)' is not a number: no digits"
        case .invalidCharacter: return "'\(input)' is not a plain decimal number (digits, one '.', optional sign)"
        case .exponentNotation: return "'\(input)' uses exponent notation; send a plain decimal such as 0.00001"
        case .negative: return "'\(input)' is negative; a size must be zero or more"
        case .tooManyDecimals: return "'\(input)' has more than \(scale) decimal places"
        case .overflow: return "'\(input)' is too large for a 64-bit fixed-point value at scale \(scale)"
        default: return "'\(input)': \(code.rawValue)"
        }
    }

    public var description: String { "\(code): \(message)" }
}
