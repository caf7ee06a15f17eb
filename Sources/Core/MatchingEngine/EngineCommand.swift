import BourseCore

/// A bracket: an entry order with a take-profit and a stop-loss leg that come alive once the entry has filled.
///
/// The legs are on the opposite side of the entry, for the quantity the entry filled, GTC, with the entry's
/// self-trade prevention; they form an OCO pair (the first of them to trade, trigger, be cancelled or expire
/// cancels the other).
public struct BracketRequest: Hashable, Sendable {
    public var entry: OrderRequest
    public var takeProfitID: OrderID
    /// Limit price of the take-profit leg.
    public var takeProfitPrice: Price
    public var stopLossID: OrderID
    /// Trigger price of the stop-loss leg (a stop on the last trade price).
    public var stopLossTrigger: Price
    /// Limit price of the stop-loss leg once triggered; `nil` for a stop-market.
    public var stopLossLimit: Price?

    public init(
        entry: OrderRequest, takeProfitID: OrderID, takeProfitPrice: Price, stopLossID: OrderID,
        stopLossTrigger: Price, stopLossLimit: Price? = nil
    ) {
        self.entry = entry
        self.takeProfitID = takeProfitID
        self.takeProfitPrice = takeProfitPrice
        self.stopLossID = stopLossID
        self.stopLossTrigger = stopLossTrigger
        self.stopLossLimit = stopLossLimit
    }
}

/// New terms for a bracket whose entry is still live (its legs not yet activated). `nil` keeps a term as it is.
///
/// The legs with the new terms must pass the same static rules as a new bracket
/// (`EngineConfiguration.staticRejectReason(for: BracketRequest, now:)`) relative to the entry's new price.
public struct BracketAmendment: Hashable, Sendable {
    /// The bracket's entry order.
    public var entry: OrderID
    public var account: AccountID
    /// A new limit price for the entry (amended like ``EngineCommand/amend(_:account:price:quantity:)``).
    public var entryPrice: Price?
    public var takeProfitPrice: Price?
    public var stopLossTrigger: Price?
    /// A limit for the stop-loss leg; `nil` keeps the current one (a stop-market stays a stop-market).
    public var stopLossLimit: Price?

    public init(
        entry: OrderID, account: AccountID, entryPrice: Price? = nil, takeProfitPrice: Price? = nil,
        stopLossTrigger: Price? = nil, stopLossLimit: Price? = nil
    ) {
        self.entry = entry
        self.account = account
        self.entryPrice = entryPrice
        self.takeProfitPrice = takeProfitPrice
        self.stopLossTrigger = stopLossTrigger
        self.stopLossLimit = stopLossLimit
    }
}

/// A command to one instrument's matching engine. Commands are applied in order; the same commands with the
/// same `now` values always produce the same events.
public enum EngineCommand: Hashable, Sendable {
    /// A new order.
    case submit(OrderRequest)
    /// Cancel a live order of `account` (resting or waiting for its trigger).
    case cancel(OrderID, account: AccountID)
    /// Change a resting order's price and/or remaining size. Size down at the same price keeps time priority;
    /// a price change or a size up loses it (a new price may trade at once).
    case amend(OrderID, account: AccountID, price: Price?, quantity: Quantity?)
    /// Cancel every live order of `account`; bracket entries cancelled this way do not arm their legs.
    case cancelAll(AccountID)
    /// Two orders on one side of one account, at most one of them without a trigger: the first of them to
    /// trade, trigger, be cancelled or expire cancels the other.
    indirect case oco(OrderRequest, OrderRequest)
    /// An entry order with attached take-profit and stop-loss legs.
    indirect case bracket(BracketRequest)
    /// Change the legs (and optionally the entry price) of a bracket whose entry is still live, all or nothing.
    indirect case amendBracket(BracketAmendment)
    /// Change an armed order's trigger price and/or its limit (protection) price. It keeps its acceptance number
    /// and OCO partner and is re-armed (next arm number); if the last price already reaches the new trigger it
    /// fires in this command, as a new stop would.
    case amendTrigger(OrderID, account: AccountID, trigger: Price?, price: Price?)
    /// Nothing but the clock: expires GTD orders whose time has come.
    case advanceClock
}
