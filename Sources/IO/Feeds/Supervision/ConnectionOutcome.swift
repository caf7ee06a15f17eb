/// Why a connection ended.
enum ConnectionOutcome: Sendable, CustomStringConvertible {
    /// The book needed a new subscription.
    case resync(String)
    /// The venue asked for a reconnect, or the connection reached its age limit.
    case hint(String)
    /// Nothing arrived for too long.
    case stale
    /// The connection failed or was closed.
    case lost(String)

    /// Whether the next attempt may start at once (otherwise it waits for the backoff).
    var isImmediate: Bool {
        switch self {
        case .resync, .hint: return true
        case .stale, .lost: return false
        }
    }

    var description: String {
        switch self {
        case .resync(let reason): return "resync: \(reason)"
        case .hint(let reason): return "reconnect: \(reason)"
        case .stale: return "stale: no data, reconnecting"
        case .lost(let reason): return reason
        }
    }
}
