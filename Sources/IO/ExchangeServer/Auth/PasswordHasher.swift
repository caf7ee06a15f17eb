import HummingbirdBcrypt
import NIOPosix

/// bcrypt hashing and verification on NIO's blocking thread pool, never on the cooperative pool (one hash at cost
/// 10 takes tens of milliseconds of CPU).
struct PasswordHasher: Sendable {
    let cost: UInt8

    /// A hash to verify against for unknown users, so a login for a missing user takes as long as a real one.
    let decoy: String

    init(cost: UInt8) {
        self.cost = cost
        decoy = Bcrypt.hash("decoy password that never matches", cost: cost)
    }

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String?) async throws -> Bool {
        let target = hash ?? decoy
        let ok = try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: target) }
        return ok && hash != nil
    }
}
