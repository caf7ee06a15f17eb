import BourseCore
import ExchangeCore
import Hummingbird

/// Accounts and credentials: `POST auth/signup`, `POST auth/login`, `POST auth/logout`, `POST auth/api-keys`.
///
/// Passwords are hashed with bcrypt off the cooperative pool; only the hash reaches the journal. Signup and login
/// are rate-limited per user name (they are the endpoints an attacker would hammer).
struct AuthRoutes {
    let gateway: ExchangeGateway

    func register(on api: RouterGroup<ServerContext>) {
        api.post("auth/signup") { request, _ in try await signup(request) }
        api.post("auth/login") { request, _ in try await login(request) }
        api.post("auth/logout") { request, _ in try await logout(request) }
        api.post("auth/api-keys") { request, _ in try await createKey(request) }
    }

    struct Credentials: Decodable, Sendable {
        var username: String
        var password: String

        enum CodingKeys: String, CodingKey, CaseIterable { case username, password }

        init(from decoder: any Decoder) throws {
            try decoder.rejectUnknownKeys(CodingKeys.self)
            let c = try decoder.container(keyedBy: CodingKeys.self)
            username = try c.decode(String.self, forKey: .username)
            password = try c.decode(String.self, forKey: .password)
        }
    }

    struct SessionView: Encodable, Sendable {
        var account: UInt32
        var username: String
        var token: String
        var expiresAt: Int64
    }

    static func validName(_ name: String) -> Bool {
        (3...32).contains(name.utf8.count)
            && name.utf8.allSatisfy { c in
                (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
                    || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || c == UInt8(ascii: "_")
                    || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")
            }
    }

    func signup(_ request: Request) async throws(APIError) -> Response {
        let body = try await StrictJSON.collect(request, limit: gateway.configuration.maxBodySize)
        let credentials = try StrictJSON.decode(Credentials.self, from: body)
        guard Self.validName(credentials.username) else {
            throw APIError.badRequest("invalid_username", "username must be 3 to 32 letters, digits, '_', '-' or '.'")
        }
        guard credentials.username.lowercased() != Principal.adminName else {
            throw APIError(.conflict, "duplicate_name", "user \(credentials.username) exists")
        }
        guard (8...72).contains(credentials.password.utf8.count) else {
            throw APIError.badRequest("invalid_password", "password must be 8 to 72 bytes")
        }
        try gateway.checkRate("signup", now: gateway.clock())
        let exists = await gateway.sequencer.read { $0.users[credentials.username] != nil }
        if exists { throw APIError(.conflict, "duplicate_name", "user \(credentials.username) exists") }
        let hash: String
        do { hash = try await gateway.hasher.hash(credentials.password) } catch { throw APIError.internalError }
        let reply = try await gateway.submit(.createUser(name: credentials.username, passwordHash: hash))
        guard case .account(let account) = reply else { throw APIError.internalError }
        return try startSession(account: account, name: credentials.username, status: .created)
    }

    func login(_ request: Request) async throws(APIError) -> Response {
        let body = try await StrictJSON.collect(request, limit: gateway.configuration.maxBodySize)
        let credentials = try StrictJSON.decode(Credentials.self, from: body)
        guard credentials.username.utf8.count <= 64, credentials.password.utf8.count <= 72 else {
            throw APIError.unauthorized("invalid_credentials", "wrong username or password")
        }
        try gateway.checkRate("login:" + credentials.username, now: gateway.clock())
        let user = await gateway.sequencer.read { $0.users[credentials.username] }
        let ok: Bool
        do { ok = try await gateway.hasher.verify(credentials.password, hash: user?.passwordHash) } catch {
            throw APIError.internalError
        }
        guard ok, let user else { throw APIError.unauthorized("invalid_credentials", "wrong username or password") }
        return try startSession(account: user.account, name: user.name, status: .ok)
    }

    private func startSession(account: AccountID, name: String, status: HTTPResponse.Status) throws(APIError)
        -> Response
    {
        guard let session = gateway.sessions.create(account: account, name: name, now: gateway.clock()) else {
            throw APIError(.serviceUnavailable, "too_many_sessions", "too many live sessions; try again later")
        }
        return JSONResponse.make(
            SessionView(account: account.rawValue, username: name, token: session.token, expiresAt: session.expiresAt),
            status: status)
    }

    func logout(_ request: Request) async throws(APIError) -> Response {
        let (principal, _) = try await gateway.authorized(request)
        if case .session(let token) = principal.credential { gateway.sessions.remove(token) }
        return JSONResponse.make(["status": "ok"])
    }

    struct KeyView: Encodable, Sendable {
        var key: String
        var secret: String
        var account: UInt32
    }

    /// Creates an API key for the session's user. Needs a session (a key cannot mint more keys).
    func createKey(_ request: Request) async throws(APIError) -> Response {
        let (principal, _) = try await gateway.authorized(request)
        guard case .session = principal.credential else {
            throw APIError.forbidden("API keys are created with a session token (log in first)")
        }
        let key = "bk" + Hex.random(bytes: 16)
        let secret = Hex.random(bytes: 32)
        _ = try await gateway.submit(.addAPIKey(account: principal.account, key: key, secret: secret))
        return JSONResponse.make(KeyView(key: key, secret: secret, account: principal.account.rawValue), status: .created)
    }
}
