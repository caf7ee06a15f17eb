import Foundation
import BourseCore
import ExchangeCore
import Hummingbird

/// Order entry for the authenticated caller: `POST orders`, `PATCH orders/{id}`, `DELETE orders/{id}`,
/// `DELETE orders?symbol=` (cancel all), `GET orders?status=open|all&symbol=&limit=`, `GET orders/{id}`, and by
/// the caller's own client order id `GET orders/client/{clientOrderId}` and `DELETE orders/client/{clientOrderId}`
/// (what a client asks after a timeout, when it may not know the exchange's id).
/// Every order operation acts on the caller's own account only; other accounts' orders answer 404.
struct OrderRoutes {
    let gateway: ExchangeGateway

    func register(on api: RouterGroup<ServerContext>) {
        api.post("orders") { request, _ in try await place(request) }
        api.patch("orders/:id") { request, context in try await amend(request, context.parameters.get("id")) }
        api.delete("orders/:id") { request, context in try await cancel(request, context.parameters.get("id")) }
        api.delete("orders") { request, _ in try await cancelAll(request) }
        api.get("orders") { request, _ in try await list(request) }
        api.get("orders/:id") { request, context in try await show(request, context.parameters.get("id")) }
        api.get("orders/client/:cid") { request, context in try await showClient(request, context.parameters.get("cid")) }
        api.delete("orders/client/:cid") { request, context in try await cancelClient(request, context.parameters.get("cid")) }
    }

    /// The caller's order with client order id `text`.
    func clientOrder(_ text: String?, account: AccountID) async throws(APIError) -> OrderRecord {
        let clientID = (text ?? "").removingPercentEncoding ?? (text ?? "")
        let id = await gateway.sequencer.read { $0.orderID(account: account, clientOrderID: clientID) }
        guard let id else { throw APIError.notFound("unknown_order", "no order with client order id \(clientID) of this account") }
        return try await gateway.ownOrder(id, account: account)
    }

    func showClient(_ request: Request, _ text: String?) async throws(APIError) -> Response {
        let (principal, _) = try await gateway.authorized(request)
        let record = try await clientOrder(text, account: principal.account)
        return JSONResponse.make(try await gateway.view(record))
    }

    func cancelClient(_ request: Request, _ text: String?) async throws(APIError) -> Response {
        let (principal, _) = try await gateway.authorized(request)
        let record = try await clientOrder(text, account: principal.account)
        guard record.status.isOpen else { return JSONResponse.make(try await gateway.view(record)) }
        return JSONResponse.make(try await Self.cancel(record.id, for: principal, gateway: gateway))
    }

    func place(_ request: Request) async throws(APIError) -> Response {
        let (principal, body) = try await gateway.authorized(request)
        let order = try PlaceOrderBody.decode(body)
        let view = try await Self.place(order, for: principal, gateway: gateway)
        return JSONResponse.make(view, status: .created)
    }

    /// Places an order from its JSON form (shared with the socket's `order` op).
    static func place(_ order: PlaceOrderBody, for principal: Principal, gateway: ExchangeGateway)
        async throws(APIError) -> OrderView
    {
        let instrument = try await gateway.catalog.market(order.symbol).instrument
        let spec = try order.spec(instrument)
        let (record, _) = try await gateway.submitOrder(
            .place(account: principal.account, symbol: order.symbol, order: spec))
        return OrderView(record, instrument)
    }

    struct AmendBody: Decodable, Sendable {
        var price: String?
        var size: String?

        enum CodingKeys: String, CodingKey, CaseIterable { case price, size }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            price = try c.decodeIfPresent(String.self, forKey: .price)
            size = try c.decodeIfPresent(String.self, forKey: .size)
        }
    }

    func amend(_ request: Request, _ idText: String?) async throws(APIError) -> Response {
        let (principal, body) = try await gateway.authorized(request)
        let id = try OrderFields.orderID(idText)
        let change = try StrictJSON.decode(AmendBody.self, from: body)
        guard change.price != nil || change.size != nil else {
            throw APIError.badRequest("missing_field", "give a new price, a new size, or both")
        }
        let existing = try await gateway.ownOrder(id, account: principal.account)
        let instrument = try await gateway.catalog.market(existing.symbol).instrument
        let price = try change.price.map { p throws(APIError) in try OrderFields.price(p, instrument, field: "price") }
        let size = try change.size.map { q throws(APIError) in try OrderFields.quantity(q, instrument, field: "size") }
        let (record, _) = try await gateway.submitOrder(
            .amend(account: principal.account, symbol: existing.symbol, order: .id(id), price: price, quantity: size))
        return JSONResponse.make(OrderView(record, instrument))
    }

    func cancel(_ request: Request, _ idText: String?) async throws(APIError) -> Response {
        let (principal, _) = try await gateway.authorized(request)
        let id = try OrderFields.orderID(idText)
        let view = try await Self.cancel(id, for: principal, gateway: gateway)
        return JSONResponse.make(view)
    }

    /// Cancels one of the caller's orders (shared with the socket's `cancel` op).
    static func cancel(_ id: OrderID, for principal: Principal, gateway: ExchangeGateway) async throws(APIError)
        -> OrderView
    {
        let existing = try await gateway.ownOrder(id, account: principal.account)
        let (record, _) = try await gateway.submitOrder(
            .cancel(account: principal.account, symbol: existing.symbol, order: .id(id)))
        return try await gateway.view(record)
    }

    struct CancelAllView: Encodable, Sendable {
        var cancelled: [UInt64]
    }

    func cancelAll(_ request: Request) async throws(APIError) -> Response {
        let (principal, _) = try await gateway.authorized(request)
        let symbol = request.uri.queryParameters.get("symbol")
        if let symbol { _ = try await gateway.catalog.market(symbol) }
        let account = principal.account
        let before = await gateway.sequencer.read { state in
            state.openOrderIDs(account).filter { id in symbol == nil || state.orders[id]?.symbol == symbol }
        }
        _ = try await gateway.submit(.cancelAll(account: account, symbol: symbol))
        let after = await gateway.sequencer.read { state in
            before.filter { state.orders[$0]?.status == .cancelled }
        }
        return JSONResponse.make(CancelAllView(cancelled: after.map(\.rawValue)))
    }

    func list(_ request: Request) async throws(APIError) -> Response {
        let (principal, _) = try await gateway.authorized(request)
        let status = request.uri.queryParameters.get("status") ?? "open"
        guard status == "open" || status == "all" else {
            throw APIError.badRequest("invalid_parameter", "status must be open or all")
        }
        let symbol = request.uri.queryParameters.get("symbol")
        let limit = try gateway.limit(request, "limit", default: 500, maximum: 5_000)
        let account = principal.account
        let records = await gateway.sequencer.read { state -> [OrderRecord] in
            let ids: [OrderID]
            if status == "open" {
                ids = state.openOrderIDs(account)
            } else {
                ids = state.orderIDs(account)
            }
            return ids.reversed().lazy.compactMap { state.orders[$0] }
                .filter { symbol == nil || $0.symbol == symbol }.prefix(limit).map { $0 }
        }
        var views: [OrderView] = []
        for record in records { views.append(try await gateway.view(record)) }
        return JSONResponse.make(views)
    }

    func show(_ request: Request, _ idText: String?) async throws(APIError) -> Response {
        let (principal, _) = try await gateway.authorized(request)
        let id = try OrderFields.orderID(idText)
        let record = try await gateway.ownOrder(id, account: principal.account)
        return JSONResponse.make(try await gateway.view(record))
    }
}
