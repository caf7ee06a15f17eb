import BourseCore
import ExchangeCore
import Hummingbird

extension BracketRoutes {
    /// The orders of a bracket after a change: the entry, and each leg once it exists (legs are created when
    /// the entry has filled).
    struct ModifiedView: Encodable, Sendable {
        var entry: OrderView
        var takeProfitId: UInt64
        var stopLossId: UInt64
        var takeProfit: OrderView?
        var stopLoss: OrderView?
    }

    /// `PATCH brackets/{entryId}`: new entry price, take-profit and/or stop-loss terms in one command, all or
    /// nothing (see ``ExchangeCommand/modifyBracket(account:symbol:entry:change:)``).
    func modify(_ request: Request, _ idText: String?) async throws(APIError) -> Response {
        let (principal, body) = try await gateway.authorized(request)
        let entryID = try OrderFields.orderID(idText)
        let account = principal.account
        let fields = try StrictJSON.decode(BracketChangeBody.self, from: body)
        let symbol = await gateway.sequencer.read { state in
            state.orders[entryID].flatMap { $0.account == account ? $0.symbol : nil }
        }
        guard let symbol else {
            throw APIError.notFound("unknown_bracket", "order \(entryID) is not a bracket entry of this account")
        }
        let instrument = try await gateway.catalog.market(symbol).instrument
        let change = try fields.change(instrument)
        let (_, others) = try await gateway.submitOrder(
            .modifyBracket(account: account, symbol: symbol, entry: .id(entryID), change: change))
        guard others.count == 2 else { throw APIError.internalError }
        let (entry, takeProfit, stopLoss) = await gateway.sequencer.read { state in
            (
                state.orders[entryID]!, state.orders[others[0]].flatMap { $0.parentID == entryID ? $0 : nil },
                state.orders[others[1]].flatMap { $0.parentID == entryID ? $0 : nil }
            )
        }
        return JSONResponse.make(
            ModifiedView(
                entry: OrderView(entry, instrument), takeProfitId: others[0].rawValue, stopLossId: others[1].rawValue,
                takeProfit: takeProfit.map { OrderView($0, instrument) },
                stopLoss: stopLoss.map { OrderView($0, instrument) }))
    }
}
