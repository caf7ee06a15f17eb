import BourseCore
import ExchangeCore
import Hummingbird
import Ledger

/// Public market data: `GET instruments`, `GET orderbook?symbol=&depth=`, `GET trades?symbol=&limit=`.
struct MarketRoutes {
    let gateway: ExchangeGateway

    func register(on api: RouterGroup<ServerContext>) {
        api.get("instruments") { _, _ in await instruments() }
        api.get("orderbook") { request, _ in try await orderBook(request) }
        api.get("trades") { request, _ in try await trades(request) }
    }

    struct InstrumentView: Encodable, Sendable {
        var symbol, baseAsset, quoteAsset, tickSize, lotSize, minSize, maxSize, minPrice, maxPrice: String
        var priceScale, sizeScale: Int
        /// Fee rates as decimal fractions (`"0.001"` = 0.1%).
        var makerFee, takerFee: String
        var priceImprovement: String
        var bandBasisPoints: Int64
    }

    func instruments() async -> Response {
        await gateway.catalog.refresh()
        let rows = gateway.catalog.markets.map { d in
            let i = d.instrument
            return InstrumentView(
                symbol: i.symbol, baseAsset: i.baseAsset, quoteAsset: i.quoteAsset, tickSize: i.format(i.tickSize),
                lotSize: i.format(i.lotSize), minSize: i.format(i.minQuantity), maxSize: i.format(i.maxQuantity),
                minPrice: i.format(i.minPrice), maxPrice: i.format(i.maxPrice), priceScale: i.priceScale,
                sizeScale: i.sizeScale, makerFee: FixedPoint.format(d.fees.makerRate, scale: 6),
                takerFee: FixedPoint.format(d.fees.takerRate, scale: 6), priceImprovement: d.policy.name,
                bandBasisPoints: d.bandBasisPoints)
        }
        return JSONResponse.make(rows)
    }

    struct BookView: Encodable, Sendable {
        var symbol: String
        var sequence: UInt64
        var lastPrice: String?
        /// `[price, size]`, best first.
        var bids: [[String]]
        var asks: [[String]]
    }

    func orderBook(_ request: Request) async throws(APIError) -> Response {
        let symbol = try gateway.required(request, "symbol")
        let instrument = try await gateway.catalog.market(symbol).instrument
        let depth = try gateway.limit(request, "depth", default: 50, maximum: 1_000)
        let snapshot = await gateway.sequencer.read { state in
            (
                state.sequence, state.lastPrice(symbol), Array(state.book(symbol, side: .buy).prefix(depth)),
                Array(state.book(symbol, side: .sell).prefix(depth))
            )
        }
        return JSONResponse.make(
            BookView(
                symbol: symbol, sequence: snapshot.0, lastPrice: snapshot.1.map { instrument.format($0) },
                bids: snapshot.2.map { [instrument.format($0.price), instrument.format($0.quantity)] },
                asks: snapshot.3.map { [instrument.format($0.price), instrument.format($0.quantity)] }))
    }

    struct TradeView: Encodable, Sendable {
        var id: UInt64
        var price: String
        var size: String
        /// The taker's side.
        var side: String
        var time: Int64
    }

    func trades(_ request: Request) async throws(APIError) -> Response {
        let symbol = try gateway.required(request, "symbol")
        let instrument = try await gateway.catalog.market(symbol).instrument
        let limit = try gateway.limit(request, "limit", default: 100, maximum: 1_000)
        let trades = await gateway.hub.recentTrades(symbol, limit: limit)
        return JSONResponse.make(
            trades.map {
                TradeView(
                    id: $0.id, price: instrument.format($0.price), size: instrument.format($0.quantity),
                    side: $0.aggressor == .buy ? "buy" : "sell", time: $0.time)
            })
    }
}
