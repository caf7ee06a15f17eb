import BourseCore
import ExchangeCore
import Hummingbird
import Ledger

/// The caller's balances and fills: `GET balances`, `GET fills?symbol=&limit=`.
struct AccountRoutes {
    let gateway: ExchangeGateway

    func register(on api: RouterGroup<ServerContext>) {
        api.get("balances") { request, _ in try await balances(request) }
        api.get("fills") { request, _ in try await fills(request) }
    }

    func balances(_ request: Request) async throws(APIError) -> Response {
        let (principal, _) = try await gateway.authorized(request)
        return JSONResponse.make(await Self.balanceRows(principal.account, gateway: gateway))
    }

    /// Every asset's balance of an account.
    static func balanceRows(_ account: AccountID, gateway: ExchangeGateway) async -> [BalanceRow] {
        let (assets, balances) = await gateway.sequencer.read { state in
            (state.ledger.assets, state.ledger.balances(account))
        }
        return assets.enumerated().map { i, asset in
            let b = i < balances.count ? balances[i] : .zero
            return BalanceRow(
                asset: asset.symbol, available: asset.format(b.available), onHold: asset.format(b.onHold),
                total: asset.format(b.total))
        }
    }

    func fills(_ request: Request) async throws(APIError) -> Response {
        let (principal, _) = try await gateway.authorized(request)
        let symbol = request.uri.queryParameters.get("symbol")
        let limit = try gateway.limit(request, "limit", default: 100, maximum: 1_000)
        let fills = await gateway.hub.recentFills(principal.account, limit: gateway.configuration.fillHistory)
        return JSONResponse.make(Array(fills.lazy.filter { symbol == nil || $0.symbol == symbol }.prefix(limit)))
    }
}
