import BourseCore
import HTTPTypes
import Hummingbird

/// A Binance REST request after reading its parameters and, for signed endpoints, checking the caller.
struct BinanceRequest: Sendable {
    var parameters: BinanceParameters
    /// The caller of a signed request (`nil` for public ones).
    var principal: Principal?

    /// The caller of a signed request.
    /// - Throws: -1000 if the route forgot to authenticate (a programming error, never the client's).
    func caller() throws(BinanceError) -> Principal {
        guard let principal else { throw .unknown }
        return principal
    }

    /// The longest `recvWindow` Binance allows.
    static let maximumReceiveWindow: Int64 = 60_000
    /// Binance's default `recvWindow`.
    static let defaultReceiveWindow: Int64 = 5_000

    static let apiKeyField = HTTPField.Name("X-MBX-APIKEY")!
}

extension ExchangeGateway {
    /// Reads a public Binance request's parameters (query and form body).
    func binancePublic(_ request: Request) async throws(BinanceError) -> BinanceRequest {
        let body = try await binanceBody(request)
        return BinanceRequest(parameters: try BinanceParameters(query: request.uri.query, body: body))
    }

    /// Reads and authenticates a signed Binance request (Binance's `SIGNED` security type).
    ///
    /// Checks in Binance's order: the `X-MBX-APIKEY` header (-2014 missing, -2015 unknown), `timestamp`
    /// (-1102 missing) within `recvWindow` (default 5000 ms, at most 60000: -1131) of the server's clock and not
    /// more than 1000 ms ahead (-1021), then the hex HMAC-SHA256 of the query string concatenated with the body,
    /// both without `signature` (-1102 missing, -1022 wrong). Then a token from the key's rate-limit bucket (429
    /// -1003). Signed requests can be repeated within their window, as on Binance.
    func binanceSigned(_ request: Request) async throws(BinanceError) -> BinanceRequest {
        let body = try await binanceBody(request)
        let parameters = try BinanceParameters(query: request.uri.query, body: body)
        guard let key = request.headers[BinanceRequest.apiKeyField], !key.isEmpty else { throw .badAPIKeyFormat }
        guard let (record, name) = await apiKey(key) else { throw .rejectedAPIKey }
        guard let timestamp = try parameters.integer("timestamp") else { throw .mandatory("timestamp") }
        let window = try parameters.integer("recvWindow") ?? BinanceRequest.defaultReceiveWindow
        guard window > 0, window <= BinanceRequest.maximumReceiveWindow else { throw .badRecvWindow }
        let now = clock()
        guard timestamp < now + 1_000 else { throw .futureTimestamp }
        guard now - timestamp <= window else { throw .staleTimestamp }
        guard let signature = parameters.signature, !signature.isEmpty else { throw .mandatory("signature") }
        guard RequestSignature.verify(signature: signature, payload: parameters.signedPayload, secret: record.secret)
        else { throw .invalidSignature }
        let principal = Principal(account: record.account, name: name, credential: .apiKey(key: key))
        do { try checkRate(principal.bucket, now: now) } catch {
            throw .tooManyRequests("Too many requests; \(error.message)")
        }
        return BinanceRequest(parameters: parameters, principal: principal)
    }

    private func binanceBody(_ request: Request) async throws(BinanceError) -> [UInt8] {
        do {
            let buffer = try await StrictJSON.collect(request, limit: configuration.maxBodySize)
            return Array(buffer.readableBytesView)
        } catch {
            throw BinanceError(-1000, "The request body is too large or could not be read.", status: error.status)
        }
    }
}

/// Runs a Binance route and turns its errors into Binance's error shape (never the `/api/v1` one).
func binanceRoute(_ body: () async throws(BinanceError) -> Response) async -> Response {
    do { return try await body() } catch { return error.response }
}
