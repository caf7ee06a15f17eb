import BourseCore
import ExchangeCore
import Hummingbird
import MatchingEngine

/// Bracket positions: `POST brackets` places an entry with take-profit and stop-loss legs (the legs come alive
/// for what the entry fills, one cancelling the other); `DELETE brackets/{entryId}` closes the position: cancels
/// what is still open (entry remainder and legs), then exits the filled quantity that no leg has closed with a
/// market order; `PATCH brackets/{entryId}` changes the entry price (while open) and the legs' terms in one
/// command. Closing is a short series of commands on the sequencer, each durable before the next.
struct BracketRoutes {
    let gateway: ExchangeGateway

    func register(on api: RouterGroup<ServerContext>) {
        api.post("brackets") { request, _ in try await place(request) }
        api.patch("brackets/:id") { request, context in try await modify(request, context.parameters.get("id")) }
        api.delete("brackets/:id") { request, context in try await close(request, context.parameters.get("id")) }
    }

    struct BracketView: Encodable, Sendable {
        var entry: OrderView
        var takeProfitId: UInt64
        var stopLossId: UInt64
    }

    func place(_ request: Request) async throws(APIError) -> Response {
        let (principal, body) = try await gateway.authorized(request)
        let bracket = try StrictJSON.decode(BracketBody.self, from: body)
        let instrument = try await gateway.catalog.market(bracket.symbol).instrument
        let spec = try bracket.spec(instrument)
        let (record, others) = try await gateway.submitOrder(
            .placeBracket(account: principal.account, symbol: bracket.symbol, bracket: spec))
        gateway.rememberBracket(record.id)
        guard others.count == 2 else { throw APIError.internalError }
        return JSONResponse.make(
            BracketView(
                entry: OrderView(record, instrument), takeProfitId: others[0].rawValue,
                stopLossId: others[1].rawValue), status: .created)
    }

    struct CloseView: Encodable, Sendable {
        /// Orders cancelled by the close (entry remainder, legs).
        var cancelled: [UInt64]
        /// The market order that exited the open quantity, if there was any.
        var exit: OrderView?
    }

    func close(_ request: Request, _ idText: String?) async throws(APIError) -> Response {
        let (principal, _) = try await gateway.authorized(request)
        let entryID = try OrderFields.orderID(idText)
        let account = principal.account
        let entry = try await gateway.ownOrder(entryID, account: account)
        let instrument = try await gateway.catalog.market(entry.symbol).instrument
        var (current, legs) = await snapshot(entryID, account)
        guard gateway.placedBracket(entryID) || !legs.isEmpty else {
            throw APIError.notFound("unknown_bracket", "order \(entryID) is not a bracket entry of this account")
        }
        var cancelled: [UInt64] = []
        for order in [current] + legs where order.status.isOpen {
            do throws(APIError) {
                _ = try await gateway.submitOrder(.cancel(account: account, symbol: order.symbol, order: .id(order.id)))
                cancelled.append(order.id.rawValue)
            } catch {
                // `unknown_order`: finished meanwhile (filled, or cancelled with its partner leg).
                if error.code != "unknown_order" { throw error }
            }
        }
        (current, legs) = await snapshot(entryID, account)
        let open = current.filled.rawValue - legs.reduce(0) { $0 + $1.filled.rawValue }
        var exit: OrderView?
        if open > 0 {
            let spec = OrderSpec(side: current.side == .buy ? .sell : .buy, type: .market, quantity: Quantity(open))
            let (record, _) = try await gateway.submitOrder(.place(account: account, symbol: current.symbol, order: spec))
            exit = OrderView(record, instrument)
        }
        return JSONResponse.make(CloseView(cancelled: cancelled, exit: exit))
    }

    /// The entry and its live or finished legs (the legs are the two ids after the entry's).
    private func snapshot(_ entryID: OrderID, _ account: AccountID) async -> (OrderRecord, [OrderRecord]) {
        await gateway.sequencer.read { state in
            let entry = state.orders[entryID]!
            let legs = [OrderID(entryID.rawValue + 1), OrderID(entryID.rawValue + 2)].compactMap { id in
                state.orders[id].flatMap { $0.parentID == entryID && $0.account == account ? $0 : nil }
            }
            return (entry, legs)
        }
    }
}
