import BourseCore
import ExchangeCore
import Hummingbird
import Ledger

/// Binance's signed order endpoints under `/api/v3`: `POST/GET/DELETE order`, `GET/DELETE openOrders`.
///
/// Every call is authenticated by ``ExchangeGateway/binanceSigned(_:)`` with the server's own API keys and acts
/// on the caller's account only (other accounts' orders look exactly like missing ones). A refused order
/// changes nothing and answers Binance's code (see ``BinanceError``).
struct BinanceOrderRoutes {
    let gateway: ExchangeGateway

    func register(on api: RouterGroup<ServerContext>) {
        api.post("order") { request, _ in
            await binanceRoute { () async throws(BinanceError) -> Response in try await place(request) }
        }
        api.get("order") { request, _ in
            await binanceRoute { () async throws(BinanceError) -> Response in try await show(request) }
        }
        api.delete("order") { request, _ in
            await binanceRoute { () async throws(BinanceError) -> Response in try await cancel(request) }
        }
        api.get("openOrders") { request, _ in
            await binanceRoute { () async throws(BinanceError) -> Response in try await openOrders(request) }
        }
        api.delete("openOrders") { request, _ in
            await binanceRoute { () async throws(BinanceError) -> Response in try await cancelOpenOrders(request) }
        }
    }

    /// The `ACK` response of a new order.
    struct Ack: Encodable, Sendable {
        var symbol: String
        var orderId: UInt64
        var orderListId = -1
        var clientOrderId: String
        var transactTime: Int64
    }

    func place(_ request: Request) async throws(BinanceError) -> Response {
        let signed = try await gateway.binanceSigned(request)
        let p = signed.parameters
        let principal = try signed.caller()
        let market = try await gateway.catalog.binanceMarket(try p.required("symbol"))
        let responseType = try BinanceNewOrder.responseType(p)
        let spec = try BinanceNewOrder.spec(p, market.instrument)
        let record: OrderRecord
        do {
            (record, _) = try await gateway.submitOrder(
                .place(account: principal.account, symbol: market.symbol, order: spec))
        } catch {
            throw BinanceError.newOrder(error)
        }
        var view = BinanceOrderView(record, market.instrument, query: false)
        switch responseType {
        case .ack:
            return JSONResponse.make(
                Ack(
                    symbol: view.symbol, orderId: view.orderId, clientOrderId: view.clientOrderId,
                    transactTime: record.updatedAt))
        case .result:
            return JSONResponse.make(view)
        case .full:
            view.fills = await fills(of: record, market)
            return JSONResponse.make(view)
        }
    }

    /// The trades the new order took part in as the taker (those of its placement), with the fee it paid.
    private func fills(of record: OrderRecord, _ market: MarketDefinition) async -> [BinanceFill] {
        guard record.filled.rawValue > 0 else { return [] }
        let sequence = await gateway.sequencer.read { $0.sequence }
        let trades = await gateway.hub.binanceTakerTrades(record.id, symbol: market.symbol, through: sequence)
        let i = market.instrument
        let feeScale = gateway.catalog.asset(i.quoteAsset)?.scale ?? i.notionalScale
        return trades.map { t in
            // The fee the settlement actually charged (house-spread pricing included).
            BinanceFill(
                price: i.format(t.price), qty: i.format(t.quantity),
                commission: FixedPoint.format(t.takerFee, scale: feeScale),
                commissionAsset: t.feeAsset, tradeId: t.id)
        }
    }

    func show(_ request: Request) async throws(BinanceError) -> Response {
        let signed = try await gateway.binanceSigned(request)
        let principal = try signed.caller()
        let market = try await gateway.catalog.binanceMarket(try signed.parameters.required("symbol"))
        let record = try await order(signed.parameters, principal, market, missing: .noSuchOrder)
        return JSONResponse.make(BinanceOrderView(record, market.instrument, query: true))
    }

    func cancel(_ request: Request) async throws(BinanceError) -> Response {
        let signed = try await gateway.binanceSigned(request)
        let p = signed.parameters
        let principal = try signed.caller()
        let market = try await gateway.catalog.binanceMarket(try p.required("symbol"))
        let existing = try await order(p, principal, market, missing: .cancelRejected)
        let record: OrderRecord
        do {
            (record, _) = try await gateway.submitOrder(
                .cancel(account: principal.account, symbol: market.symbol, order: .id(existing.id)))
        } catch {
            throw BinanceError.other(error, missingOrder: .cancelRejected)
        }
        return JSONResponse.make(Self.cancelled(record, market.instrument, cancelID: p["newClientOrderId"]))
    }

    /// A cancel response: the order, its own client id as `origClientOrderId`, the cancel's id as `clientOrderId`.
    static func cancelled(_ record: OrderRecord, _ instrument: Instrument, cancelID: String?) -> BinanceOrderView {
        var view = BinanceOrderView(record, instrument, query: false)
        view.origClientOrderId = view.clientOrderId
        view.clientOrderId = cancelID ?? view.clientOrderId
        view.workingTime = nil
        return view
    }

    func openOrders(_ request: Request) async throws(BinanceError) -> Response {
        let signed = try await gateway.binanceSigned(request)
        let account = try signed.caller().account
        var symbol: String?
        if let name = signed.parameters["symbol"] { symbol = try await gateway.catalog.binanceMarket(name).symbol }
        let records = await gateway.sequencer.read { state in
            state.openOrderIDs(account).compactMap { state.orders[$0] }.filter { symbol == nil || $0.symbol == symbol }
        }
        var views: [BinanceOrderView] = []
        for record in records {
            guard let market = gateway.catalog.cached(record.symbol) else { continue }
            views.append(BinanceOrderView(record, market.instrument, query: true))
        }
        return JSONResponse.make(views)
    }

    /// `DELETE openOrders?symbol=`: cancels every open order of the caller in one market.
    func cancelOpenOrders(_ request: Request) async throws(BinanceError) -> Response {
        let signed = try await gateway.binanceSigned(request)
        let account = try signed.caller().account
        let market = try await gateway.catalog.binanceMarket(try signed.parameters.required("symbol"))
        let symbol = market.symbol
        let before = await gateway.sequencer.read { state in
            state.openOrderIDs(account).filter { state.orders[$0]?.symbol == symbol }
        }
        do { _ = try await gateway.submit(.cancelAll(account: account, symbol: symbol)) } catch {
            throw BinanceError.other(error, missingOrder: .cancelRejected)
        }
        let after = await gateway.sequencer.read { state in
            before.compactMap { state.orders[$0] }.filter { !$0.status.isOpen }
        }
        return JSONResponse.make(after.map { Self.cancelled($0, market.instrument, cancelID: nil) })
    }

    /// The caller's order named by `orderId` or `origClientOrderId` in `market`.
    /// - Throws: -1102 when neither is given, `missing` when there is no such order of the caller in that market.
    private func order(
        _ p: BinanceParameters, _ principal: Principal, _ market: MarketDefinition, missing: BinanceError
    ) async throws(BinanceError) -> OrderRecord {
        let account = principal.account
        let record: OrderRecord?
        if let id = try p.integer("orderId") {
            guard id > 0 else { throw missing }
            record = await gateway.sequencer.read { $0.orders[OrderID(UInt64(id))] }
        } else if let client = p["origClientOrderId"] {
            record = await gateway.sequencer.read { state in
                state.orderID(account: account, clientOrderID: client).flatMap { state.orders[$0] }
                    ?? Self.defaultID(client).flatMap { state.orders[$0] }
            }
        } else {
            throw BinanceError(-1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!")
        }
        guard let record, record.account == account, record.symbol == market.symbol else { throw missing }
        return record
    }

    /// The order id behind a client id the exchange made up (`bourse-<orderId>`).
    static func defaultID(_ client: String) -> OrderID? {
        guard client.hasPrefix("bourse-"), let n = UInt64(client.dropFirst("bourse-".count)) else { return nil }
        return OrderID(n)
    }
}
