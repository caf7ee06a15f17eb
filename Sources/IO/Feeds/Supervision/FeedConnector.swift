import BourseCore
import Logging
import MarketData
import NIOCore
import OrderBook
import Synchronization
import HummingbirdWSClient

/// Runs one venue driver over a real WebSocket, for as long as its task lives, whatever the venue does.
///
/// One task per connector; the driver (and its book) is owned by that task alone. Frames, snapshot responses and
/// timer ticks are merged into one stream and handled in order, so the book has a single writer and no locks.
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

    /// What the connection loop handles, in arrival order.
    private enum Input: Sendable {
        case frame([UInt8], Int64)
        case snapshot(String, Result<[UInt8], HTTPFetchError>)
        case tick
        case closed(String)
    }

    private func serve(_ box: SessionBox<Driver>, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter) async throws {
        var session = box.session
        defer { box.session = session }
        session.connected = true
        session.state = .syncing
        publish(session)
        let url = session.driver.streamURL
        tap?(RecordedFrame(time: WallClock.nanoseconds(), kind: .connect, url: url, payload: []))
        for text in session.driver.subscriptions {
            tap?(RecordedFrame(time: WallClock.nanoseconds(), kind: .sent, url: url, payload: Array(text.utf8)))
            try await outbound.write(.text(text))
        }
        let (inputs, sink) = AsyncStream<Input>.makeStream()
        let configuration = self.configuration
        let fetcher = self.fetcher
        let maximumFrameSize = configuration.maximumFrameSize
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    for try await message in inbound.messages(maxSize: maximumFrameSize) {
                        let now = WallClock.nanoseconds()
                        switch message {
                        case .text(let text): sink.yield(.frame(Array(text.utf8), now))
                        case .binary(var buffer): sink.yield(.frame(buffer.readBytes(length: buffer.readableBytes) ?? [], now))
                        }
                    }
                    sink.yield(.closed("connection closed by the venue"))
                } catch {
                    sink.yield(.closed("connection lost: \(error)"))
                }
            }
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: configuration.tick)
                    sink.yield(.tick)
                }
            }
            let clock = ContinuousClock()
            let connectedAt = clock.now
            var lastFrame = clock.now
            var fetching = false
            func fetch(_ url: String, after delay: Duration) {
                guard !fetching else { return }
                fetching = true
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
            var pendingURL: String?
            loop: for await input in inputs {
                var directive = FeedDirective.none
                let before = session.driver.syncCounters
                switch input {
                case .frame(let bytes, let time):
                    lastFrame = clock.now
                    session.counters.messages += 1
                    session.counters.lastReceiveTime = time
                    tap?(RecordedFrame(time: time, kind: .received, payload: bytes))
                    directive = session.driver.receive(bytes, at: time)
                case .snapshot(let url, .success(let body)):
                    fetching = false
                    let time = WallClock.nanoseconds()
                    tap?(RecordedFrame(time: time, kind: .http, url: url, payload: body))
                    directive = session.driver.receiveSnapshot(body, at: time)
                case .snapshot(_, .failure(let error)):
                    fetching = false
                    session.lastIssue = "snapshot: \(error)"
                    if let url = pendingURL { fetch(url, after: configuration.snapshotRetryDelay) }
                    continue loop
                case .tick:
                    let silence = clock.now - lastFrame
                    if silence > configuration.reconnectAfter {
                        session.outcome = .stale
                        break loop
                    }
                    if silence > configuration.staleAfter && session.state != .stale {
                        session.state = .stale
                        session.counters.staleEvents += 1
                        publish(session)
                    }
                    if clock.now - connectedAt > configuration.maximumConnectionAge {
                        session.outcome = .hint("connection age limit")
                        break loop
                    }
                    continue loop
                case .closed(let reason):
                    session.outcome = .lost(Self.closeReason(reason, lastFrame: session.counters.lastReceiveTime, ping: configuration.pingInterval))
                    break loop
                }
                let after = session.driver.syncCounters
                session.account(before: before, after: after)
                switch directive {
                case .none:
                    break
                case .fetchSnapshot(let url):
                    pendingURL = url
                    fetch(url, after: .zero)
                case .resubscribe(let reason):
                    session.counters.resyncs += 1
                    session.outcome = .resync(reason)
                    break loop
                case .reconnect(let reason):
                    session.outcome = .hint(reason)
                    break loop
                }
                if after.resyncs > before.resyncs, case .fetchSnapshot = directive { session.counters.resyncs += 1 }
                let synced = session.driver.isSynced
                if synced && session.driver.book.isCrossed {
                    session.counters.crossed += 1
                    session.counters.resyncs += 1
                    session.outcome = .resync("crossed book")
                    break loop
                }
                let state: FeedState = synced ? .live : .syncing
                if state == .live { session.reachedLive = true }
                if state != session.state || after.applied != before.applied || after.snapshots != before.snapshots {
                    session.state = state
                    publish(session)
                }
            }
            sink.finish()
            group.cancelAll()
        }
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
