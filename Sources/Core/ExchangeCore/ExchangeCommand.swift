import BourseCore
import MatchingEngine

/// Identifies an order in a cancel or amend: the exchange's id or the client's own id.
public enum OrderReference: Hashable, Sendable {
    case id(OrderID)
    case client(String)
}

/// Everything that changes the exchange's state. Commands are sequenced and journaled before they are
/// acknowledged; applying the same commands with the same times to an empty state always gives the same state
/// and the same events (recovery replays them).
public enum ExchangeCommand: Hashable, Sendable {
    case addAsset(symbol: String, scale: Int)
    case addMarket(MarketDefinition)
    /// A user with a login name and an already computed password hash (hashing happens before sequencing).
    case createUser(name: String, passwordHash: String)
    /// An API key for HMAC-signed requests; the secret is kept to verify signatures.
    case addAPIKey(account: AccountID, key: String, secret: String)
    case deposit(account: AccountID, asset: String, amount: Int64)
    case withdraw(account: AccountID, asset: String, amount: Int64)
    case place(account: AccountID, symbol: String, order: OrderSpec)
    case placeOCO(account: AccountID, symbol: String, first: OrderSpec, second: OrderSpec)
    case placeBracket(account: AccountID, symbol: String, bracket: BracketSpec)
    /// Changes a bracket position (its entry's price while open, the take-profit and stop-loss terms) in one step,
    /// all or nothing. `entry` names the bracket's entry order.
    case modifyBracket(account: AccountID, symbol: String, entry: OrderReference, change: BracketChange)
    case cancel(account: AccountID, symbol: String, order: OrderReference)
    case amend(account: AccountID, symbol: String, order: OrderReference, price: Price?, quantity: Quantity?)
    /// Cancels every live order of the account, in one market or (`symbol == nil`) all of them.
    case cancelAll(account: AccountID, symbol: String?)
    /// Only the clock: expires good-till-date orders that are due.
    case tick
}

/// A command with its place in the journal and the time the sequencer gave it (milliseconds since the epoch).
public struct SequencedCommand: Hashable, Sendable {
    public var sequence: UInt64
    public var time: Int64
    public var command: ExchangeCommand

    public init(sequence: UInt64, time: Int64, command: ExchangeCommand) {
        self.sequence = sequence
        self.time = time
        self.command = command
    }
}
