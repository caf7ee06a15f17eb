import BourseCore

/// The authenticated caller of a request.
struct Principal: Sendable {
    enum Credential: Sendable {
        case session(token: String)
        case apiKey(key: String)
    }

    var account: AccountID
    var name: String
    var credential: Credential

    /// The user named `admin` (created by `bourse exchange` on first start; signup refuses the name).
    static let adminName = "admin"

    /// Whether this caller may move money in and out (admin API keys only, never a session).
    var isAdminKey: Bool {
        if case .apiKey = credential { return name == Self.adminName }
        return false
    }

    /// The rate-limit bucket of this caller.
    var bucket: String {
        switch credential {
        case .session(let token): return "t:" + token
        case .apiKey(let key): return "k:" + key
        }
    }
}
