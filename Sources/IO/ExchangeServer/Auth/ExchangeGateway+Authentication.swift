import BourseCore
import ExchangeCore
import HTTPTypes
import Hummingbird

extension ExchangeGateway {
    /// Authenticates a request by `Authorization: Bearer <session token>` or by an HMAC-signed API key (see
    /// ``RequestSignature``), then takes a token from the caller's rate-limit bucket.
    /// - Parameter body: the collected request body (signatures cover it).
    /// - Throws: ``APIError`` 401 (`missing_credentials`, `invalid_token`, `invalid_key`, `invalid_timestamp`,
    ///   `stale_timestamp`, `invalid_signature`, `replayed_request`) or 429 `rate_limited`.
    func authenticate(_ request: Request, body: ByteBuffer) async throws(APIError) -> Principal {
        let principal: Principal
        let now = clock()
        if let authorization = request.headers[.authorization] {
            principal = try session(authorization, now: now)
        } else if let key = request.headers[Self.keyField] {
            principal = try await signed(request, key: key, body: body, now: now)
        } else {
            throw APIError.unauthorized(
                "missing_credentials", "send Authorization: Bearer <token> or a signed request with X-BOURSE-KEY")
        }
        try checkRate(principal.bucket, now: now)
        return principal
    }

    /// Takes a rate-limit token or throws 429 with `Retry-After`.
    func checkRate(_ bucket: String, now: Int64) throws(APIError) {
        if let wait = limiter.acquire(bucket, now: now) {
            var error = APIError(.tooManyRequests, "rate_limited", "too many requests; retry in \(wait) ms")
            error.headers[.retryAfter] = String(max(1, (wait + 999) / 1_000))
            throw error
        }
    }

    private func session(_ authorization: String, now: Int64) throws(APIError) -> Principal {
        let prefix = "Bearer "
        guard authorization.hasPrefix(prefix) else {
            throw APIError.unauthorized("invalid_token", "Authorization must be \"Bearer <token>\"")
        }
        let token = String(authorization.dropFirst(prefix.count))
        guard let session = sessions.session(token, now: now) else {
            throw APIError.unauthorized("invalid_token", "the session token is unknown or expired; log in again")
        }
        return Principal(account: session.account, name: session.name, credential: .session(token: token))
    }

    private func signed(_ request: Request, key: String, body: ByteBuffer, now: Int64) async throws(APIError)
        -> Principal
    {
        guard let stamp = request.headers[Self.timestampField], let timestamp = Int64(stamp) else {
            throw APIError.unauthorized("invalid_timestamp", "X-BOURSE-TIMESTAMP must be milliseconds since the epoch")
        }
        let window = configuration.receiveWindow
        guard timestamp >= now - window, timestamp <= now + window else {
            throw APIError.unauthorized(
                "stale_timestamp", "the timestamp is more than \(window) ms away from the server's clock (\(now))")
        }
        guard let signature = request.headers[Self.signatureField] else {
            throw APIError.unauthorized("invalid_signature", "X-BOURSE-SIGNATURE is missing")
        }
        guard let (record, name) = await apiKey(key) else {
            throw APIError.unauthorized("invalid_key", "unknown API key")
        }
        let payload = RequestSignature.payload(
            timestamp: timestamp, method: request.method.rawValue, path: request.uri.path, query: request.uri.query,
            body: Array(body.readableBytesView))
        guard RequestSignature.verify(signature: signature, payload: payload, secret: record.secret) else {
            throw APIError.unauthorized("invalid_signature", "the signature does not match the request")
        }
        if request.method != .get && request.method != .head {
            guard replays.firstUse(signature, timestamp: timestamp, now: now) else {
                throw APIError.unauthorized("replayed_request", "this signed request was already received")
            }
        }
        return Principal(account: record.account, name: name, credential: .apiKey(key: key))
    }

    static let keyField = HTTPField.Name(RequestSignature.keyHeader)!
    static let timestampField = HTTPField.Name(RequestSignature.timestampHeader)!
    static let signatureField = HTTPField.Name(RequestSignature.signatureHeader)!
}
