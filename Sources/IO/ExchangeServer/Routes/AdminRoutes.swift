import BourseCore
import ExchangeCore
import Hummingbird

/// Money in and out, for the admin API key only (a signed request with a key of the user `admin`):
/// `POST admin/deposits` and `POST admin/withdrawals` with `{"username":"alice","asset":"USDT","amount":"100"}`.
struct AdminRoutes {
    let gateway: ExchangeGateway

    func register(on api: RouterGroup<ServerContext>) {
        api.post("admin/deposits") { request, _ in try await move(request, deposit: true) }
        api.post("admin/withdrawals") { request, _ in try await move(request, deposit: false) }
    }

    struct TransferBody: Decodable, Sendable {
        var username: String
        var asset: String
        var amount: String

        enum CodingKeys: String, CodingKey, CaseIterable { case username, asset, amount }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            username = try c.decode(String.self, forKey: .username)
            asset = try c.decode(String.self, forKey: .asset)
            amount = try c.decode(String.self, forKey: .amount)
        }
    }

    func move(_ request: Request, deposit: Bool) async throws(APIError) -> Response {
        let (principal, body) = try await gateway.authorized(request)
        guard principal.isAdminKey else { throw APIError.forbidden("deposits and withdrawals need the admin API key") }
        let transfer = try StrictJSON.decode(TransferBody.self, from: body)
        let asset = try await gateway.catalog.requireAsset(transfer.asset)
        let amount = try OrderFields.amount(transfer.amount, scale: asset.scale, field: "amount")
        let name = transfer.username
        guard let account = await gateway.sequencer.read({ $0.users[name]?.account }) else {
            throw APIError.notFound("unknown_account", "no user \(name.prefix(64))")
        }
        let command: ExchangeCommand =
            deposit
            ? .deposit(account: account, asset: asset.symbol, amount: amount)
            : .withdraw(account: account, asset: asset.symbol, amount: amount)
        _ = try await gateway.submit(command)
        let rows = await AccountRoutes.balanceRows(account, gateway: gateway)
        return JSONResponse.make(rows.filter { $0.asset == asset.symbol })
    }
}
