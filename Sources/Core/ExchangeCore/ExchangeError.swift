import BourseCore
import Ledger
import MatchingEngine

/// Why the exchange refused a command. Nothing changed when a command is refused.
///
/// `code` is stable (APIs, journals, tests); `message` says what was wrong and how to fix it.
public struct ExchangeError: Error, Hashable, Sendable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let unknownSymbol = Code("unknown_symbol")
        public static let unknownAsset = Code("unknown_asset")
        public static let unknownAccount = Code("unknown_account")
        public static let unknownOrder = Code("unknown_order")
        public static let insufficientBalance = Code("insufficient_balance")
        public static let invalidAmount = Code("invalid_amount")
        public static let amountOverflow = Code("amount_overflow")
        public static let priceBand = Code("price_outside_band")
        public static let invalidOrder = Code("invalid_order")
        public static let duplicateClientOrderID = Code("duplicate_client_order_id")
        public static let duplicateName = Code("duplicate_name")
        public static let invalidDefinition = Code("invalid_definition")
        /// The order named is not a bracket entry of this account (or its legs never came alive).
        public static let unknownBracket = Code("unknown_bracket")
        /// The bracket leg to change is no longer open (filled, cancelled, or its stop already triggered).
        public static let bracketClosed = Code("bracket_closed")

        /// The code of an engine rejection (`price_off_tick`, `post_only_would_take`, ...).
        public static func engine(_ reason: RejectReason) -> Code { Code(reason.code) }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    init(_ error: LedgerError) {
        switch error.code {
        case .insufficientBalance: self.init(.insufficientBalance, error.message)
        case .unknownAsset: self.init(.unknownAsset, error.message)
        case .overflow: self.init(.amountOverflow, error.message)
        default: self.init(.invalidAmount, error.message)
        }
    }

    init(_ error: InstrumentError) {
        self.init(Code(error.code.rawValue), error.message)
    }

    init(_ reason: RejectReason) {
        self.init(.engine(reason), reason.message)
    }

    public var description: String { "\(code): \(message)" }
}
