/// Why a price or size is not acceptable for an instrument.
public struct InstrumentError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable, extensible error code.
    public struct Code: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let invalidDecimal = Code(rawValue: "invalid_decimal")
        public static let nonPositivePrice = Code(rawValue: "price_not_positive")
        public static let priceOffTick = Code(rawValue: "price_off_tick")
        public static let priceOutOfRange = Code(rawValue: "price_out_of_range")
        public static let nonPositiveQuantity = Code(rawValue: "quantity_not_positive")
        public static let quantityOffLot = Code(rawValue: "quantity_off_lot")
        public static let quantityBelowMinimum = Code(rawValue: "quantity_below_minimum")
        public static let quantityAboveMaximum = Code(rawValue: "quantity_above_maximum")
        public static let invalidDefinition = Code(rawValue: "invalid_instrument")
    }

    public let code: Code
    public let message: String
    /// The decimal parse failure behind an ``Code-swift.struct/invalidDecimal``, if any.
    public let cause: DecimalError?

    public init(_ code: Code, _ message: String, cause: DecimalError? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String { "\(code): \(message)" }
}
