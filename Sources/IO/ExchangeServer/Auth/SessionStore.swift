import BourseCore
import Synchronization

/// Session tokens of logged-in users, kept in memory with an expiry (a restart logs everyone out).
///
/// A token is 32 random bytes as hex. The store is bounded: expired sessions are purged when it fills up, and
/// beyond `capacity` live sessions new logins are refused.
final class SessionStore: Sendable {
    struct Session: Sendable {
        var account: AccountID
        var name: String
        var expiresAt: Int64
    }

    private let sessions = Mutex<[String: Session]>([:])
    let lifetime: Int64
    let capacity: Int

    /// - Parameters:
    ///   - lifetime: milliseconds a token stays valid.
    ///   - capacity: most live sessions kept.
    init(lifetime: Int64, capacity: Int = 100_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// Creates a session; `nil` when the store is full of live sessions.
    func create(account: AccountID, name: String, now: Int64) -> (token: String, expiresAt: Int64)? {
        let token = Hex.random(bytes: 32)
        let session = Session(account: account, name: name, expiresAt: now + lifetime)
        return sessions.withLock { map -> (String, Int64)? in
            if map.count >= capacity {
                map = map.filter { $0.value.expiresAt > now }
                if map.count >= capacity { return nil }
            }
            map[token] = session
            return (token, session.expiresAt)
        }
    }

    /// The live session of a token (expired ones are removed).
    func session(_ token: String, now: Int64) -> Session? {
        sessions.withLock { map in
            guard let session = map[token] else { return nil }
            if session.expiresAt <= now {
                map[token] = nil
                return nil
            }
            return session
        }
    }

    /// Ends a session.
    func remove(_ token: String) { _ = sessions.withLock { $0.removeValue(forKey: token) } }
}
