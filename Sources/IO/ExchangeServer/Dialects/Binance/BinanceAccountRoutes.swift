import BourseCore
import ExchangeCore
import Hummingbird
import Ledger

/// Binance's `GET /api/v3/account`: the caller's balances as `balances: [{asset, free, locked}]` (`free` is
/// Bourse's available, `locked` what is on hold for open orders), exact decimals in each asset's scale.
struct BinanceAccountRoutes {
    let gateway: ExchangeGateway

    func register(on api: RouterGroup<ServerContext>) {
        api.get("account") { request, _ in
            await binanceRoute { () async throws(BinanceError) -> Response in try await account(request) }
        }
    }

    struct Account: Encodable, Sendable {
        /// Binance's account-wide fees in basis points; Bourse's fees are per market (`GET /api/v1/instruments`).
        var makerCommission = 0
        var takerCommission = 0
        var buyerCommission = 0
        var sellerCommission = 0
        var commissionRates = Rates()
        var canTrade = true
        var canWithdraw = false
        var canDeposit = false
        var brokered = false
        var requireSelfTradePrevention = false
        var preventSor = false
        var updateTime: Int64
        var accountType = "SPOT"
        var balances: [BalanceRow]
        var permissions = ["SPOT"]
        var uid: UInt32
    }

    struct Rates: Encodable, Sendable {
        var maker = "0", taker = "0", buyer = "0", seller = "0"
    }

    struct BalanceRow: Encodable, Sendable {
        var asset: String
        var free: String
        var locked: String
    }

    func account(_ request: Request) async throws(BinanceError) -> Response {
        let signed = try await gateway.binanceSigned(request)
        let account = try signed.caller().account
        let omitZero = signed.parameters["omitZeroBalances"] == "true"
        let (time, assets, balances) = await gateway.sequencer.read { state in
            (state.time, state.ledger.assets, state.ledger.balances(account))
        }
        var rows: [BalanceRow] = []
        for (i, asset) in assets.enumerated() {
            let b = i < balances.count ? balances[i] : .zero
            if omitZero && b.total == 0 { continue }
            rows.append(
                BalanceRow(asset: asset.symbol, free: asset.format(b.available), locked: asset.format(b.onHold)))
        }
        return JSONResponse.make(Account(updateTime: time, balances: rows, uid: account.rawValue))
    }
}
