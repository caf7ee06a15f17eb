import BourseCore
import ExchangeCore
import Hummingbird

extension ExchangeGateway {
    /// Collects the body (size-capped) and authenticates the caller.
    func authorized(_ request: Request) async throws(APIError) -> (Principal, ByteBuffer) {
        let body = try await StrictJSON.collect(request, limit: configuration.maxBodySize)
        return (try await authenticate(request, body: body), body)
    }

    /// A query parameter that must be present.
    func required(_ request: Request, _ name: String) throws(APIError) -> String {
        guard let value = request.uri.queryParameters.get(name), !value.isEmpty else {
            throw APIError.badRequest("missing_parameter", "query parameter \(name) is required")
        }
        return value
    }

    /// An optional positive integer query parameter, clamped to `maximum`.
    func limit(_ request: Request, _ name: String, default value: Int, maximum: Int) throws(APIError) -> Int {
        guard let text = request.uri.queryParameters.get(name) else { return value }
        guard let n = Int(text), n > 0 else {
            throw APIError.badRequest("invalid_parameter", "\(name) must be a positive integer")
        }
        return min(n, maximum)
    }

    /// An order of `account` (404 `unknown_order` for other accounts' orders, exactly as for missing ones, so
    /// nobody learns which ids exist).
    func ownOrder(_ id: OrderID, account: AccountID) async throws(APIError) -> OrderRecord {
        let record = await sequencer.read { $0.orders[id] }
        guard let record, record.account == account else {
            throw APIError.notFound("unknown_order", "no order \(id) of this account")
        }
        return record
    }

    /// The JSON view of an order.
    func view(_ record: OrderRecord) async throws(APIError) -> OrderView {
        OrderView(record, try await catalog.market(record.symbol).instrument)
    }
}
