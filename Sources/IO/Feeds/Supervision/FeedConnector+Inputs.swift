import BourseCore
import MarketData
import OrderBook
import Synchronization

/// The connection's inputs, applied under its lock: frames (on the socket reader's task), snapshot responses and
/// timer ticks (on the control loop), and what each asks of the control loop next.
extension FeedConnector {
    /// What reaches the connection's control loop. Frames do not: the task that reads the socket applies them
    /// itself (no task switch between a frame's arrival and its book update, the status publication and the
    /// consolidated merge that observes it).
    enum Control: Sendable {
        case snapshot(String, Result<[UInt8], HTTPFetchError>)
        case tick
        /// Fetch a snapshot (asked for by a frame) after a delay.
        case fetch(String, Duration)
        /// The connection is over (its outcome is in the session).
        case ended
    }

    /// What one input asks of the control loop.
    enum Step {
        case next
        case fetch(String, Duration)
        case end
    }

    /// The connection's state, shared by the socket's reader and the control loop under one lock, so the book
    /// still has a single writer at a time and inputs are applied one after the other.
    struct Connection {
        var session: Session<Driver>
        let connectedAt: ContinuousClock.Instant
        var lastFrame: ContinuousClock.Instant
        var fetching = false
        var pendingURL: String?
        var ended = false
    }

    /// ``Connection`` behind its lock, shared by the reader task and the control loop.
    final class SharedConnection: Sendable {
        let state: Mutex<Connection>
        init(_ connection: Connection) { state = Mutex(connection) }
        func withLock<Result>(_ body: (inout Connection) -> Result) -> Result {
            state.withLock { connection in body(&connection) }
        }
    }

    /// Applies one frame (on the reader's task, under the connection's lock).
    func receive(_ bytes: [UInt8], at time: Int64, _ connection: inout Connection) -> Step {
        guard !connection.ended else { return .end }
        connection.lastFrame = ContinuousClock.now
        connection.session.counters.messages += 1
        connection.session.counters.lastReceiveTime = time
        tap?(RecordedFrame(time: time, kind: .received, payload: bytes))
        let before = connection.session.driver.syncCounters
        let directive = connection.session.driver.receive(bytes, at: time)
        return settle(directive, before: before, &connection)
    }

    /// Applies a snapshot response, or schedules the retry of a failed one.
    func receiveSnapshot(_ url: String, _ result: Result<[UInt8], HTTPFetchError>, _ connection: inout Connection) -> Step {
        guard !connection.ended else { return .end }
        connection.fetching = false
        switch result {
        case .success(let body):
            let time = WallClock.nanoseconds()
            tap?(RecordedFrame(time: time, kind: .http, url: url, payload: body))
            let before = connection.session.driver.syncCounters
            let directive = connection.session.driver.receiveSnapshot(body, at: time)
            return settle(directive, before: before, &connection)
        case .failure(let error):
            connection.session.lastIssue = "snapshot: \(error)"
            guard let pending = connection.pendingURL else { return .next }
            connection.fetching = true
            return .fetch(pending, configuration.snapshotRetryDelay)
        }
    }

    /// The periodic check: staleness, silence beyond the reconnect limit, the connection's age.
    func tick(_ clock: ContinuousClock, _ connection: inout Connection) -> Step {
        guard !connection.ended else { return .end }
        let silence = clock.now - connection.lastFrame
        if silence > configuration.reconnectAfter {
            return end(.stale, &connection)
        }
        if silence > configuration.staleAfter && connection.session.state != .stale {
            connection.session.state = .stale
            connection.session.counters.staleEvents += 1
            publish(connection.session)
        }
        if clock.now - connection.connectedAt > configuration.maximumConnectionAge {
            return end(.hint("connection age limit"), &connection)
        }
        return .next
    }

    /// The socket closed or failed.
    func close(_ reason: String, _ connection: inout Connection) {
        guard !connection.ended else { return }
        let lastFrame = connection.session.counters.lastReceiveTime
        _ = end(.lost(Self.closeReason(reason, lastFrame: lastFrame, ping: configuration.pingInterval)), &connection)
    }

    func end(_ outcome: ConnectionOutcome, _ connection: inout Connection) -> Step {
        connection.session.outcome = outcome
        connection.ended = true
        return .end
    }

    /// After the driver took an input: counters, the driver's directive, the crossed-book check, the state, and
    /// a publication when the book or the state changed.
    func settle(_ directive: FeedDirective, before: BookSyncCounters, _ connection: inout Connection) -> Step {
        let after = connection.session.driver.syncCounters
        connection.session.account(before: before, after: after)
        var step = Step.next
        switch directive {
        case .none:
            break
        case .fetchSnapshot(let url):
            connection.pendingURL = url
            if !connection.fetching {
                connection.fetching = true
                step = .fetch(url, .zero)
            }
        case .resubscribe(let reason):
            connection.session.counters.resyncs += 1
            return end(.resync(reason), &connection)
        case .reconnect(let reason):
            return end(.hint(reason), &connection)
        }
        if after.resyncs > before.resyncs, case .fetchSnapshot = directive { connection.session.counters.resyncs += 1 }
        let synced = connection.session.driver.isSynced
        if synced && connection.session.driver.book.isCrossed {
            connection.session.counters.crossed += 1
            connection.session.counters.resyncs += 1
            return end(.resync("crossed book"), &connection)
        }
        let state: FeedState = synced ? .live : .syncing
        if state == .live { connection.session.reachedLive = true }
        if state != connection.session.state || after.applied != before.applied || after.snapshots != before.snapshots {
            connection.session.state = state
            publish(connection.session)
        }
        return step
    }
}
