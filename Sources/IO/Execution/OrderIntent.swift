import BourseCore

/// How long an order may live on the venue.
public enum ExecutionTimeInForce: String, Codable, Hashable, Sendable {
    /// Immediate or cancel: what does not fill now is cancelled (every routed slice).
    case ioc
    /// Good till cancelled.
    case gtc
    /// Rests or is refused; never takes liquidity (Binance `LIMIT_MAKER`).
    case postOnly
}

/// One order the execution client means to have on a venue. Written to the intent journal before it is sent;
/// its ``clientOrderID`` is made once and reused by every retry, so the venue can never hold two of it.
public struct OrderIntent: Codable, Hashable, Sendable {
    /// The idempotency key (at most 36 characters of `[A-Za-z0-9-_.]`, Binance's rule).
    public var clientOrderID: String
    /// The venue's name (`binance`, `coinbase`...).
    public var venue: String
    /// The venue's own symbol (`BTCUSDT`, `BTC-USDT`).
    public var symbol: String
    /// `buy` or `sell`.
    public var side: String
    /// The limit price, raw at ``priceScale``.
    public var price: Int64
    /// The size, raw at ``sizeScale``.
    public var quantity: Int64
    public var timeInForce: ExecutionTimeInForce
    public var priceScale: Int
    public var sizeScale: Int
    /// When it was made (ns since the epoch).
    public var createdAt: Int64

    public init(
        clientOrderID: String, venue: String, symbol: String, side: Side, price: Price, quantity: Quantity,
        timeInForce: ExecutionTimeInForce, priceScale: Int, sizeScale: Int, createdAt: Int64 = WallClock.nanoseconds()
    ) {
        self.clientOrderID = clientOrderID
        self.venue = venue
        self.symbol = symbol
        self.side = side == .buy ? "buy" : "sell"
        self.price = price.rawValue
        self.quantity = quantity.rawValue
        self.timeInForce = timeInForce
        self.priceScale = priceScale
        self.sizeScale = sizeScale
        self.createdAt = createdAt
    }

    /// The side as the core type.
    public var orderSide: Side { side == "buy" ? .buy : .sell }
    /// The price as text (`60000.25`).
    public var priceText: String { FixedPoint.format(price, scale: priceScale) }
    /// The size as text.
    public var quantityText: String { FixedPoint.format(quantity, scale: sizeScale) }
}
