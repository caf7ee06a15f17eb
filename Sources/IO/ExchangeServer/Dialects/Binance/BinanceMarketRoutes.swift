import BourseCore
import ExchangeCore
import Hummingbird

/// Binance's public spot endpoints under `/api/v3`: `ping`, `time`, `exchangeInfo`, `depth`, `trades`.
///
/// Symbols are Binance's (`BTCUSDT`, any case) and map to Bourse's markets (`BTC-USDT`); errors come in Binance's
/// shape (`{"code":-1121,"msg":"Invalid symbol."}`, HTTP 400).
struct BinanceMarketRoutes {
    let gateway: ExchangeGateway

    /// `GET depth`'s default and largest `limit` (Binance's).
    static let defaultDepth = 100
    static let maximumDepth = 5_000

    func register(on api: RouterGroup<ServerContext>) {
        api.get("ping") { _, _ in JSONResponse.make(Empty()) }
        api.get("time") { _, _ in JSONResponse.make(ServerTime(serverTime: gateway.clock())) }
        api.get("exchangeInfo") { request, _ in
            await binanceRoute { () async throws(BinanceError) -> Response in try await exchangeInfo(request) }
        }
        api.get("depth") { request, _ in
            await binanceRoute { () async throws(BinanceError) -> Response in try await depth(request) }
        }
        api.get("trades") { request, _ in
            await binanceRoute { () async throws(BinanceError) -> Response in try await trades(request) }
        }
    }

    struct Empty: Encodable, Sendable {}

    struct ServerTime: Encodable, Sendable {
        var serverTime: Int64
    }

    /// `GET exchangeInfo[?symbol=|symbols=["A","B"]]`: the markets with their PRICE_FILTER and LOT_SIZE.
    func exchangeInfo(_ request: Request) async throws(BinanceError) -> Response {
        let p = try await gateway.binancePublic(request).parameters
        await gateway.catalog.refresh()
        var markets = gateway.catalog.markets
        if let symbol = p["symbol"] {
            markets = [try await gateway.catalog.binanceMarket(symbol)]
        } else if let list = p["symbols"] {
            let names = try Self.symbolList(list)
            var chosen: [MarketDefinition] = []
            for name in names { chosen.append(try await gateway.catalog.binanceMarket(name)) }
            markets = chosen
        }
        let info = BinanceExchangeInfo(
            serverTime: gateway.clock(), rateLimitPerSecond: Int(gateway.configuration.rateLimit),
            symbols: markets.map { BinanceSymbolInfo($0) })
        return JSONResponse.make(info)
    }

    /// Reads `["BTCUSDT","ETHUSDT"]` (Binance's `symbols` parameter).
    static func symbolList(_ text: String) throws(BinanceError) -> [String] {
        guard text.first == "[", text.last == "]" else { throw .illegalCharacters("symbols") }
        let names = text.dropFirst().dropLast().split(separator: ",").map {
            String($0.filter { $0 != "\"" && $0 != " " })
        }
        guard !names.isEmpty, names.count <= 100, names.allSatisfy({ !$0.isEmpty }) else {
            throw .illegalCharacters("symbols")
        }
        return names
    }

    struct Depth: Encodable, Sendable {
        var lastUpdateId: UInt64
        var bids: [[String]]
        var asks: [[String]]
    }

    /// `GET depth?symbol=&limit=`: the top levels and the id of the last level change they include, the same
    /// count the diff streams' `U`/`u` use (see ``BinanceDepthFeed``).
    func depth(_ request: Request) async throws(BinanceError) -> Response {
        let p = try await gateway.binancePublic(request).parameters
        let market = try await gateway.catalog.binanceMarket(try p.required("symbol"))
        let limit = try p.integer("limit") ?? Int64(Self.defaultDepth)
        guard limit > 0 else { throw .illegalCharacters("limit") }
        let instrument = market.instrument
        let (id, bids, asks) = await gateway.hub.binanceDepth(
            market.symbol, limit: Int(min(limit, Int64(Self.maximumDepth))))
        return JSONResponse.make(
            Depth(
                lastUpdateId: id,
                bids: bids.map { [instrument.format($0.price), instrument.format($0.quantity)] },
                asks: asks.map { [instrument.format($0.price), instrument.format($0.quantity)] }))
    }

    struct Trade: Encodable, Sendable {
        var id: UInt64
        var price: String
        var qty: String
        var quoteQty: String
        var time: Int64
        var isBuyerMaker: Bool
        var isBestMatch = true
    }

    /// `GET trades?symbol=&limit=` (default 500, at most 1000): recent trades, oldest first.
    func trades(_ request: Request) async throws(BinanceError) -> Response {
        let p = try await gateway.binancePublic(request).parameters
        let market = try await gateway.catalog.binanceMarket(try p.required("symbol"))
        let limit = try p.integer("limit") ?? 500
        guard limit > 0 else { throw .illegalCharacters("limit") }
        let instrument = market.instrument
        let trades = await gateway.hub.recentTrades(market.symbol, limit: Int(min(limit, 1_000)))
        return JSONResponse.make(
            trades.reversed().map { t in
                Trade(
                    id: t.id, price: instrument.format(t.price), qty: instrument.format(t.quantity),
                    quoteQty: Self.notional(t.price, t.quantity, instrument), time: t.time,
                    isBuyerMaker: t.aggressor == .sell)
            })
    }

    /// `price × quantity` in quote, exactly (in the notional scale).
    static func notional(_ price: Price, _ quantity: Quantity, _ instrument: Instrument) -> String {
        let (value, overflow) = price.rawValue.multipliedReportingOverflow(by: quantity.rawValue)
        // The exchange refuses orders whose value overflows, so a trade's notional always fits.
        precondition(!overflow, "trade notional overflows Int64")
        return FixedPoint.format(value, scale: instrument.notionalScale)
    }
}
