import BourseCore
import Logging
import MarketData
import NIOCore
import OrderBook
import Synchronization
import HummingbirdWSClient

/// Runs one venue driver over a real WebSocket, for as long as its task lives, whatever the venue does.
///
/// One task per connector, and per connection a task that reads the socket: it applies each frame to the driver
/// (and its book) itself, publishes the status, and the consolidated merge that observes the status runs right
/// there, with no task switch between a frame's arrival and its summary. Snapshot responses and timer ticks come
/// to the connector's control loop; the connection's state is behind one lock that both take, so the book has a
/// single writer at a time and inputs are applied one after the other.
/// Consumers read ``status``: a conflating one-slot channel, so a slow consumer sees the newest book and never
/// blocks the connector or grows its memory.
///
/// Supervision: a failed or lost connection is retried after a jittered exponential backoff (reset once a
/// connection reached `live`); a gap the driver cannot repair in place, a crossed book or an unreadable frame on
/// a venue without sequence numbers reconnects at once; a venue hint (`serverShutdown`, `bts:request_reconnect`)
/// or the connection age limit reconnects at once; silence beyond ``FeedConfiguration/staleAfter`` marks the feed
/// `stale` (book withheld) and beyond ``FeedConfiguration/reconnectAfter`` drops the connection.
public final class FeedConnector<Driver: VenueDriver>: Sendable {
    /// The published state, counters and book.
    public let status: LatestValue<FeedStatus>
    let initialDriver: Driver
    let configuration: FeedConfiguration
    let fetcher: HTTPFetcher
    let logger: Logger
    let tap: (@Sendable (RecordedFrame) -> Void)?

    /// - Parameters:
    ///   - fetcher: fetches REST snapshots; the configuration's TLS settings replace its own.
    ///   - tap: sees every raw item as it happens (connects, sent and received frames, REST bodies), for
    ///     `bourse record`; called on the connector's task, so it must be quick.
    public init(
        driver: Driver, configuration: FeedConfiguration = .init(), fetcher: HTTPFetcher = .init(),
        logger: Logger = Logger(label: "bourse.feed"), tap: (@Sendable (RecordedFrame) -> Void)? = nil
    ) {
        initialDriver = driver
        self.tap = tap
        self.configuration = configuration
        var fetcher = fetcher
        fetcher.tls = configuration.tls
        self.fetcher = fetcher
        self.logger = logger
        status = LatestValue(
            FeedStatus(
                venue: driver.venue, symbol: driver.symbol, state: .connecting, counters: FeedCounters(),
                book: L2Book(), scales: driver.scales))
    }

    /// Connects, keeps the book and reconnects until the task is cancelled; then publishes `down` and finishes
    /// ``status``.
    public func run() async {
        var session = Session(driver: initialDriver)
        var backoff = configuration.backoff
        var attempt = 0
        while !Task.isCancelled {
            if attempt > 0 { session.counters.reconnects += 1 }
            attempt += 1
            session.state = .connecting
            session.driver.reset()
            publish(session)
            let box = SessionBox(session)
            do {
                try await connect(box)
            } catch {
                if !box.session.connected { box.session.counters.connectFailures += 1 }
                if box.session.outcome == nil { box.session.outcome = .lost("\(error)") }
            }
            session = box.session
            guard !Task.isCancelled else { break }
            let outcome = session.outcome ?? .lost("connection closed by the venue")
            session.lastIssue = outcome.description
            session.state = .down
            publish(session)
            logger.info("\(session.driver.venue) \(session.driver.symbol): \(outcome)")
            if session.reachedLive { backoff.reset() }
            let immediate = session.reachedLive && outcome.isImmediate
            let delay = immediate ? Duration.zero : backoff.next()
            session.reachedLive = false
            session.connected = false
            session.outcome = nil
            if delay > .zero { try? await Task.sleep(for: delay) }
        }
        session.state = .down
        publish(session)
        status.finish()
    }

    private func publish(_ session: Session<Driver>) {
        let live = session.state == .live
        status.publish(
            FeedStatus(
                venue: session.driver.venue, symbol: session.driver.symbol, state: session.state,
                counters: session.counters, book: live ? session.driver.book : L2Book(), scales: session.driver.scales,
                lastIssue: session.lastIssue))
    }

    private func connect(_ box: SessionBox<Driver>) async throws {
        var wsConfiguration = WebSocketClientConfiguration(
            maxFrameSize: configuration.maximumFrameSize, closeTimeout: configuration.closeTimeout,
            autoPing: configuration.pingInterval.map { .enabled(timePeriod: $0) } ?? .disabled)
        wsConfiguration.ignoreUncleanSSLShutdownErrors = true
        let clientConfiguration = wsConfiguration
        let url = box.session.driver.streamURL
        let tls = configuration.tls
        let handshakeTimeout = configuration.handshakeTimeout
        let logger = self.logger
        // The client waits for the upgrade's answer without a deadline and without heeding cancellation, so the
        // attempt may be abandoned at the handshake timeout, but only while the upgrade is unanswered. An abandoned
        // attempt never touches the session: if the venue answers late, the handler finds the attempt abandoned
        // and closes at once.
        try await withAbandonableDeadline(handshakeTimeout) {
            box.abandonIfWaiting()
        } timeout: {
            HandshakeTimeout(after: handshakeTimeout)
        } _: {
            try await WebSocketClient.connect(url: url, configuration: clientConfiguration, tlsConfiguration: tls, logger: logger) {
                inbound, outbound, _ in
                guard box.claim() else { return }
                try await self.serve(box, inbound: inbound, outbound: outbound)
            }
        }
    }

    /// A closed connection's reason, naming the ping timeout when it is the likely cause: the WebSocket client closes
    /// a connection whose pong does not come back within one ping period, and the stream then simply ends. A close
    /// after at least that long without any frame is that, or a venue closing a connection it had gone silent on.
    static func closeReason(_ reason: String, lastFrame: Int64, ping: Duration?, now: Int64 = WallClock.nanoseconds()) -> String {
        guard let ping, lastFrame > 0 else { return reason }
        let silent = now - lastFrame
        let period = ping.components.seconds * 1_000_000_000 + ping.components.attoseconds / 1_000_000_000
        guard silent >= period else { return reason }
        return "\(reason) after \(silent / 1_000_000) ms without a frame (a silent path: pongs stop, the ping timeout closes it)"
    }

    /// What reaches the connection's control loop. Frames do not: the task that reads the socket applies them
    /// itself (no task switch between a frame's arrival and its book update, the status publication and the
    /// consolidated merge that observes it).
    private enum Control: Sendable {
        case snapshot(String, Result<[UInt8], HTTPFetchError>)
        case tick
        /// Fetch a snapshot (asked for by a frame) after a delay.
        case fetch(String, Duration)
        /// The connection is over (its outcome is in the session).
        case ended
    }

    /// What one input asks of the control loop.
    private enum Step {
        case next
        case fetch(String, Duration)
        case end
    }

    /// The connection's state, shared by the socket's reader and the control loop under one lock, so the book
    /// still has a single writer at a time and inputs are applied one after the other.
    private struct Connection {
        var session: Session<Driver>
        let connectedAt: ContinuousClock.Instant
        var lastFrame: ContinuousClock.Instant
        var fetching = false
        var pendingURL: String?
        var ended = false
    }

    /// ``Connection`` behind its lock, shared by the reader task and the control loop.
    private final class SharedConnection: Sendable {
        let state: Mutex<Connection>
        init(_ connection: Connection) { state = Mutex(connection) }
        func withLock<Result>(_ body: (inout Connection) -> Result) -> Result {
            state.withLock { connection in body(&connection) }
        }
    }

    private func serve(_ box: SessionBox<Driver>, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        var session = box.session
        session.connected = true
        session.state = .syncing
        publish(session)
        let url = session.driver.streamURL
        tap?(RecordedFrame(time: WallClock.nanoseconds(), kind: .connect, url: url, payload: []))
        for text in session.driver.subscriptions {
            tap?(RecordedFrame(time: WallClock.nanoseconds(), kind: .sent, url: url, payload: Array(text.utf8)))
            do {
                try await outbound.write(.text(text))
            } catch {
                box.session = session
                throw error
            }
        }
        let clock = ContinuousClock()
        let connection = SharedConnection(Connection(session: session, connectedAt: clock.now, lastFrame: clock.now))
        defer { box.session = connection.withLock { $0.session } }
        let (controls, sink) = AsyncStream<Control>.makeStream()
        let configuration = self.configuration
        let fetcher = self.fetcher
        let maximumFrameSize = configuration.maximumFrameSize
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var reason = "connection closed by the venue"
                do {
                    for try await message in inbound.messages(maxSize: maximumFrameSize) {
                        let now = WallClock.nanoseconds()
                        let bytes: [UInt8]
                        switch message {
                        case .text(let text): bytes = Array(text.utf8)
                        case .binary(var buffer): bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
                        }
                        switch connection.withLock({ self.receive(bytes, at: now, &$0) }) {
                        case .next: continue
                        case .fetch(let url, let delay): sink.yield(.fetch(url, delay))
                        case .end:
                            sink.yield(.ended)
                            return
                        }
                    }
                } catch {
                    reason = "connection lost: \(error)"
                }
                connection.withLock { self.close(reason, &$0) }
                sink.yield(.ended)
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: configuration.tick)
                    sink.yield(.tick)
                }
            }
            func fetch(_ url: String, after delay: Duration) {
                group.addTask {
                    if delay > .zero { try? await Task.sleep(for: delay) }
                    do {
                        sink.yield(.snapshot(url, .success(try await fetcher.get(url))))
                    } catch let error as HTTPFetchError {
                        sink.yield(.snapshot(url, .failure(error)))
                    } catch {
                        sink.yield(.snapshot(url, .failure(HTTPFetchError(code: "closed", message: "\(error)"))))
                    }
                }
            }
            loop: for await control in controls {
                let step: Step
                switch control {
                case .snapshot(let url, let result): step = connection.withLock { self.receiveSnapshot(url, result, &$0) }
                case .tick: step = connection.withLock { self.tick(clock, &$0) }
                case .fetch(let url, let delay): step = .fetch(url, delay)
                case .ended: step = .end
                }
                switch step {
                case .next: continue loop
                case .fetch(let url, let delay): fetch(url, after: delay)
                case .end: break loop
                }
            }
            sink.finish()
            group.cancelAll()
        }
    }

    /// Applies one frame (on the reader's task, under the connection's lock).
    private func receive(_ bytes: [UInt8], at time: Int64, _ connection: inout Connection) -> Step {
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
    private func receiveSnapshot(_ url: String, _ result: Result<[UInt8], HTTPFetchError>, _ connection: inout Connection) -> Step {
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
    private func tick(_ clock: ContinuousClock, _ connection: inout Connection) -> Step {
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
    private func close(_ reason: String, _ connection: inout Connection) {
        guard !connection.ended else { return }
        let lastFrame = connection.session.counters.lastReceiveTime
        _ = end(.lost(Self.closeReason(reason, lastFrame: lastFrame, ping: configuration.pingInterval)), &connection)
    }

    private func end(_ outcome: ConnectionOutcome, _ connection: inout Connection) -> Step {
        connection.session.outcome = outcome
        connection.ended = true
        return .end
    }

    /// After the driver took an input: counters, the driver's directive, the crossed-book check, the state, and
    /// a publication when the book or the state changed.
    private func settle(_ directive: FeedDirective, before: BookSyncCounters, _ connection: inout Connection) -> Step {
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
