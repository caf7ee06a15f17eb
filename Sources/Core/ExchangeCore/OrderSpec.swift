import BourseCore
import MatchingEngine

/// The order types the exchange accepts.
public enum OrderType: String, Hashable, Sendable, CaseIterable {
    case limit
    case market
    /// A market order parked until the last trade price reaches `triggerPrice` (buy: rises to it; sell: falls).
    case stopMarket = "stop_market"
    /// A limit order parked until the last trade price reaches `triggerPrice`.
    case stopLimit = "stop_limit"
    /// A market order parked until the price reaches `triggerPrice` the other way (buy: falls; sell: rises).
    case takeProfitMarket = "take_profit_market"
    /// A limit order parked like ``takeProfitMarket``.
    case takeProfitLimit = "take_profit_limit"

    /// Whether the order has a limit price.
    public var isLimit: Bool { self == .limit || self == .stopLimit || self == .takeProfitLimit }
    /// Whether the order waits for a trigger.
    public var isTriggered: Bool { self != .limit && self != .market }
}

/// A new order as a client asks for it (already parsed into exact units, not yet checked).
public struct OrderSpec: Hashable, Sendable {
    /// The client's own id, unique among all of its orders (idempotent retries rely on it). `nil`: none.
    public var clientOrderID: String?
    public var side: Side
    public var type: OrderType
    /// Limit price, or a market order's protection price (worst acceptable); `nil` for none.
    public var price: Price?
    public var triggerPrice: Price?
    /// Size in base units; `nil` for a market buy by quote amount.
    public var quantity: Quantity?
    /// Market buy: the amount of quote to spend, in notional units (`price × size` units).
    public var quoteAmount: Int64?
    public var timeInForce: TimeInForce
    public var postOnly: Bool
    /// Iceberg: visible size.
    public var displayQuantity: Quantity?
    public var selfTradePrevention: SelfTradePrevention

    public init(
        clientOrderID: String? = nil, side: Side, type: OrderType, price: Price? = nil, triggerPrice: Price? = nil,
        quantity: Quantity? = nil, quoteAmount: Int64? = nil, timeInForce: TimeInForce? = nil,
        postOnly: Bool = false, displayQuantity: Quantity? = nil, selfTradePrevention: SelfTradePrevention = .none
    ) {
        self.clientOrderID = clientOrderID
        self.side = side
        self.type = type
        self.price = price
        self.triggerPrice = triggerPrice
        self.quantity = quantity
        self.quoteAmount = quoteAmount
        self.timeInForce = timeInForce ?? (type.isLimit ? .gtc : .ioc)
        self.postOnly = postOnly
        self.displayQuantity = displayQuantity
        self.selfTradePrevention = selfTradePrevention
    }

    /// A GTC limit order.
    public static func limit(_ side: Side, price: Int64, quantity: Int64, clientOrderID: String? = nil) -> OrderSpec {
        OrderSpec(
            clientOrderID: clientOrderID, side: side, type: .limit, price: Price(price), quantity: Quantity(quantity))
    }
}

/// A bracket position: an entry order with a take-profit and a stop-loss leg that come alive once the entry has
/// filled (for the quantity it filled), one cancelling the other.
public struct BracketSpec: Hashable, Sendable {
    /// A limit or market entry.
    public var entry: OrderSpec
    public var takeProfitPrice: Price
    public var stopLossTrigger: Price
    /// `nil`: the stop-loss is a stop-market (for a short entry the exchange then uses a stop-limit at the
    /// price band's edge, so the hold that covers it is finite).
    public var stopLossLimit: Price?

    public init(entry: OrderSpec, takeProfitPrice: Price, stopLossTrigger: Price, stopLossLimit: Price? = nil) {
        self.entry = entry
        self.takeProfitPrice = takeProfitPrice
        self.stopLossTrigger = stopLossTrigger
        self.stopLossLimit = stopLossLimit
    }
}
