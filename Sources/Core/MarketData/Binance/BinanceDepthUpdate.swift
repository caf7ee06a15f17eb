import OrderBook

/// One Binance diff-depth event (`depthUpdate`), spot or USD-M futures.
public struct BinanceDepthUpdate: Hashable, Sendable {
    /// `s`: the symbol (`BTCUSDT`).
    public var symbol = VenueSymbol()
    /// `E`: event time in milliseconds, if present.
    public var eventTime: Int64?
    /// `U`: first update id in the event.
    public var firstUpdateId: Int64 = 0
    /// `u`: final update id in the event.
    public var finalUpdateId: Int64 = 0
    /// `pu`: the previous event's final update id (USD-M futures only).
    public var previousFinalUpdateId: Int64?
    /// `b`: bid levels in message order; a zero size deletes the level.
    public var bids: [L2Level] = []
    /// `a`: ask levels in message order; a zero size deletes the level.
    public var asks: [L2Level] = []

    /// An empty event.
    public init() {}

    /// An event with the given fields (tests and synthetic streams).
    public init(
        symbol: VenueSymbol = VenueSymbol(), firstUpdateId: Int64, finalUpdateId: Int64,
        previousFinalUpdateId: Int64? = nil, bids: [L2Level] = [], asks: [L2Level] = []
    ) {
        self.symbol = symbol
        self.firstUpdateId = firstUpdateId
        self.finalUpdateId = finalUpdateId
        self.previousFinalUpdateId = previousFinalUpdateId
        self.bids = bids
        self.asks = asks
    }
}

/// A Binance REST depth snapshot (`GET /api/v3/depth`, `/fapi/v1/depth`).
public struct BinanceDepthSnapshot: Hashable, Sendable {
    /// `lastUpdateId`: the book reflects every update up to this id.
    public var lastUpdateId: Int64 = 0
    /// Bid levels, best first as sent.
    public var bids: [L2Level] = []
    /// Ask levels, best first as sent.
    public var asks: [L2Level] = []

    /// An empty snapshot.
    public init() {}

    /// A snapshot with the given fields.
    public init(lastUpdateId: Int64, bids: [L2Level] = [], asks: [L2Level] = []) {
        self.lastUpdateId = lastUpdateId
        self.bids = bids
        self.asks = asks
    }
}

/// What a Binance frame turned out to be.
public enum BinanceFrameKind: Hashable, Sendable {
    /// A `depthUpdate` event (bare or inside a combined-stream envelope); read ``BinanceDepthParser/update``.
    case depthUpdate
    /// A REST depth snapshot; read ``BinanceDepthParser/snapshot``.
    case snapshot
    /// Valid JSON of another kind (bookTicker, trade, kline, subscription replies...): skipped.
    case other
}

/// The decimal scales prices and sizes are parsed at.
public struct DecimalScales: Hashable, Sendable {
    /// Fractional digits kept for prices.
    public var price: Int
    /// Fractional digits kept for sizes.
    public var size: Int

    /// Binance sends at most 8 decimals for both.
    public static let binance = DecimalScales(price: 8, size: 8)

    public init(price: Int, size: Int) {
        precondition((0...18).contains(price) && (0...18).contains(size), "scales must be in 0...18")
        self.price = price
        self.size = size
    }
}
