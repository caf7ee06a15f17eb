/// Why the ledger refused an operation. Nothing changed when it throws.
public struct LedgerError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A stable code for APIs and logs.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// Not enough `available` for a hold, withdrawal or transfer.
        public static let insufficientBalance = Code("insufficient_balance")
        /// The asset is not in the ledger's table.
        public static let unknownAsset = Code("unknown_asset")
        /// An amount that must be positive was zero or negative.
        public static let invalidAmount = Code("invalid_amount")
        /// The result would not fit in 64 bits.
        public static let overflow = Code("amount_overflow")
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
