import MarketData
import Synchronization

/// The connector's mutable state, owned by its task.
struct Session<Driver: VenueDriver>: Sendable {
    var driver: Driver
    var counters = FeedCounters()
    var state = FeedState.connecting
    var connected = false
    var reachedLive = false
    var outcome: ConnectionOutcome?
    var lastIssue: String?

    init(driver: Driver) { self.driver = driver }

    /// Copies what the driver counted into the feed counters.
    mutating func account(before: BookSyncCounters, after: BookSyncCounters) {
        counters.applied = after.applied
        counters.gaps = after.gaps
        counters.snapshots = after.snapshots
        counters.parseErrors = driver.parseErrors
        if driver.exchangeTime != 0 { counters.lastExchangeTime = driver.exchangeTime }
    }
}

/// Carries the session into the WebSocket handler and back. Only the connector's task touches it, one step
/// after the other (before the connection, inside the handler, after it), never concurrently.
final class SessionBox<Driver: VenueDriver>: @unchecked Sendable {
    var session: Session<Driver>
    /// Whether the attempt's WebSocket upgrade was answered in time (`serving`) or given up (`abandoned`): whichever
    /// comes first wins, under the lock.
    private let handshake = Mutex(Handshake.waiting)
    private enum Handshake { case waiting, serving, abandoned }

    init(_ session: Session<Driver>) { self.session = session }

    /// Called when the upgrade is answered: `true` if the attempt may serve, `false` if it was abandoned.
    func claim() -> Bool {
        handshake.withLock { state in
            guard state == .waiting else { return false }
            state = .serving
            return true
        }
    }

    /// Called at the handshake deadline: `true` if the attempt was still waiting and is now abandoned.
    func abandonIfWaiting() -> Bool {
        handshake.withLock { state in
            guard state == .waiting else { return false }
            state = .abandoned
            return true
        }
    }
}

/// The venue accepted the connection but did not answer the WebSocket upgrade in time.
struct HandshakeTimeout: Error, CustomStringConvertible {
    let after: Duration
    var description: String { "no answer to the WebSocket upgrade within \(after) (the attempt is abandoned)" }
}
