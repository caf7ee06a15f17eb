import Ledger
import BourseCore
import MatchingEngine

/// Where an order is in its life.
public enum OrderStatus: String, Hashable, Sendable {
    /// Waiting for its trigger price.
    case untriggered
    /// Live in the book (or executing), nothing traded yet.
    case new
    case partiallyFilled = "partially_filled"
    case filled
    case cancelled
    case expired
    case rejected

    /// Whether the order can still trade.
    public var isOpen: Bool { self == .untriggered || self == .new || self == .partiallyFilled }
}

/// What the exchange knows of one order, as the APIs show it.
public struct OrderRecord: Hashable, Sendable {
    public var id: OrderID
    public var clientOrderID: String?
    public var account: AccountID
    public var symbol: String
    public var side: Side
    public var type: OrderType
    /// Limit price, or for a market order the protection price the exchange applied (`nil`: none).
    public var price: Price?
    public var triggerPrice: Price?
    /// Base size asked for (after amendments); zero for a market buy by quote amount.
    public var quantity: Quantity
    /// Quote amount to spend (notional units) for a market buy by quote amount.
    public var quoteAmount: Int64?
    /// Base size traded so far.
    public var filled: Quantity
    /// `Σ price × size` of the fills, in notional units: the average price is `filledNotional / filled`.
    public var filledNotional: Int64
    /// Untraded size still open (zero once the order is done).
    public var remaining: Quantity
    public var status: OrderStatus
    public var timeInForce: TimeInForce
    public var postOnly: Bool
    /// Why the order was cancelled or rejected (a stable code), if it was.
    public var reason: String?
    /// For bracket legs: the entry's id.
    public var parentID: OrderID?
    public var createdAt: Int64
    public var updatedAt: Int64
}

/// A fill as the exchange publishes it.
public struct TradeRecord: Hashable, Sendable {
    /// Per-exchange trade number (1, 2, 3, ...).
    public var id: UInt64
    public var symbol: String
    public var price: Price
    public var quantity: Quantity
    /// The taker's side.
    public var aggressor: Side
    public var makerOrderID: OrderID
    public var takerOrderID: OrderID
    public var makerAccount: AccountID
    public var takerAccount: AccountID
    public var time: Int64
    /// Fee the maker paid, in units of the market's quote asset (see ``feeAsset``).
    public var makerFee: Int64 = 0
    /// Fee the taker paid, in units of the quote asset.
    public var takerFee: Int64 = 0
    /// The asset fees are charged in (the market's quote asset).
    public var feeAsset: String = ""
}

/// What one command changed, for the feeds and the private channels (in the order it happened).
public enum ExchangeEvent: Hashable, Sendable {
    /// An order changed state (accepted, traded, cancelled, expired, triggered, amended): its record after the change.
    case order(OrderRecord)
    case trade(TradeRecord)
    /// The visible size at a price level is now `quantity` (zero: the level is gone).
    case level(symbol: String, side: Side, price: Price, quantity: Quantity)
    /// An account's balance in an asset after the command (once per account and asset per command).
    case balance(account: AccountID, asset: String, Balance)
}

