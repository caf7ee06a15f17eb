import BourseCore

/// One fill between a resting (maker) and an incoming (taker) order, at the maker's price.
@frozen
public struct Trade: Hashable, Sendable {
    public var makerID: OrderID
    public var takerID: OrderID
    public var makerAccount: AccountID
    public var takerAccount: AccountID
    public var price: Price
    public var quantity: Quantity
    /// The taker's side.
    public var aggressor: Side

    @inlinable
    public init(
        makerID: OrderID, takerID: OrderID, makerAccount: AccountID, takerAccount: AccountID, price: Price,
        quantity: Quantity, aggressor: Side
    ) {
        self.makerID = makerID
        self.takerID = takerID
        self.makerAccount = makerAccount
        self.takerAccount = takerAccount
        self.price = price
        self.quantity = quantity
        self.aggressor = aggressor
    }
}

/// What the engine reports. The exact order of events is specified in `docs/engine-semantics.md`.
public enum EngineEvent: Hashable, Sendable {
    /// The order passed validation. `price` is the limit (or protection) price, `quantity` the base size
    /// (zero for a market buy by quote amount).
    case accepted(OrderID, account: AccountID, side: Side, price: Price, quantity: Quantity)
    /// The command was refused; nothing changed.
    case rejected(OrderID, RejectReason)
    /// A fill.
    case trade(Trade)
    /// The order traded and still has `remaining` open (visible plus hidden).
    case partiallyFilled(OrderID, remaining: Quantity)
    /// The order has nothing left to trade.
    case filled(OrderID)
    /// The order was cancelled with `remaining` untraded (zero for market buys by quote amount).
    case cancelled(OrderID, CancelReason, remaining: Quantity)
    /// A GTD order reached its time with `remaining` untraded.
    case expired(OrderID, remaining: Quantity)
    /// A stop or take-profit order's trigger fired; the order now executes.
    case triggered(OrderID)
    /// An amendment took effect: the order's price and remaining size are now these.
    case amended(OrderID, price: Price, quantity: Quantity, keptPriority: Bool)
    /// The visible aggregate size at a price level is now `quantity` (zero: the level is gone).
    case level(Side, price: Price, quantity: Quantity)
}

/// An event with its per-instrument sequence number (1, 2, 3, ... over the engine's life).
@frozen
public struct SequencedEvent: Hashable, Sendable {
    public var sequence: UInt64
    public var event: EngineEvent

    @inlinable
    public init(sequence: UInt64, event: EngineEvent) {
        self.sequence = sequence
        self.event = event
    }
}
