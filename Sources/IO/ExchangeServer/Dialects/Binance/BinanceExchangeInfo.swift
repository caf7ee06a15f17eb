import BourseCore
import ExchangeCore

/// The body of `GET /api/v3/exchangeInfo` in Binance's field names.
struct BinanceExchangeInfo: Encodable, Sendable {
    var timezone = "UTC"
    var serverTime: Int64
    var rateLimits: [RateLimit]
    var exchangeFilters: [String] = []
    var symbols: [BinanceSymbolInfo]

    struct RateLimit: Encodable, Sendable {
        var rateLimitType: String
        var interval: String
        var intervalNum: Int
        var limit: Int
    }

    init(serverTime: Int64, rateLimitPerSecond: Int, symbols: [BinanceSymbolInfo]) {
        self.serverTime = serverTime
        // Bourse limits requests per key per second; shown as Binance's RAW_REQUESTS limit.
        rateLimits = [
            RateLimit(rateLimitType: "RAW_REQUESTS", interval: "SECOND", intervalNum: 1, limit: rateLimitPerSecond)
        ]
        self.symbols = symbols
    }
}

/// One market of `exchangeInfo`: `BTCUSDT` for Bourse's `BTC-USDT`, with the instrument's grid as Binance's
/// `PRICE_FILTER` (minPrice, maxPrice, tickSize) and `LOT_SIZE` (minQty, maxQty, stepSize) filters.
struct BinanceSymbolInfo: Encodable, Sendable {
    var symbol: String
    var status = "TRADING"
    var baseAsset: String
    var baseAssetPrecision: Int
    var quoteAsset: String
    var quotePrecision: Int
    var quoteAssetPrecision: Int
    var baseCommissionPrecision: Int
    var quoteCommissionPrecision: Int
    var orderTypes = BinanceSymbolInfo.orderTypes
    var icebergAllowed = true
    var ocoAllowed = false
    var otoAllowed = false
    var quoteOrderQtyMarketAllowed = true
    var allowTrailingStop = false
    var cancelReplaceAllowed = false
    var isSpotTradingAllowed = true
    var isMarginTradingAllowed = false
    var filters: [Filter]
    var permissions: [String] = []
    var permissionSets = [["SPOT"]]
    var defaultSelfTradePreventionMode = "NONE"
    var allowedSelfTradePreventionModes = ["NONE", "EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH"]

    /// The order types `POST /api/v3/order` accepts (see ``BinanceNewOrder``).
    static let orderTypes = [
        "LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS", "STOP_LOSS_LIMIT", "TAKE_PROFIT", "TAKE_PROFIT_LIMIT",
    ]

    /// A `PRICE_FILTER` or `LOT_SIZE` filter (unused fields are left out).
    struct Filter: Encodable, Sendable {
        var filterType: String
        var minPrice: String?
        var maxPrice: String?
        var tickSize: String?
        var minQty: String?
        var maxQty: String?
        var stepSize: String?
    }

    init(_ market: MarketDefinition) {
        let i = market.instrument
        symbol = InstrumentCatalog.binanceSymbol(i)
        baseAsset = i.baseAsset
        quoteAsset = i.quoteAsset
        baseAssetPrecision = i.sizeScale
        baseCommissionPrecision = i.sizeScale
        quotePrecision = i.notionalScale
        quoteAssetPrecision = i.notionalScale
        quoteCommissionPrecision = i.notionalScale
        // Binance shows filter values with eight decimals; Bourse's canonical text parses to the same numbers
        // and keeps instruments with more than eight decimals exact.
        filters = [
            Filter(
                filterType: "PRICE_FILTER", minPrice: i.format(i.minPrice), maxPrice: i.format(i.maxPrice),
                tickSize: i.format(i.tickSize)),
            Filter(
                filterType: "LOT_SIZE", minQty: i.format(i.minQuantity), maxQty: i.format(i.maxQuantity),
                stepSize: i.format(i.lotSize)),
        ]
    }
}
