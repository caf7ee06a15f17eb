import BourseCore
import Logging
import MarketData
import NIOCore
import NIOPosix
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

    func publish(_ session: Session<Driver>) {
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
        let pipeline = configuration.pipeline
        let group: any EventLoopGroup = pipeline?.loop ?? MultiThreadedEventLoopGroup.singleton
        let logger = self.logger
        // The client waits for the upgrade's answer without a deadline and without heeding cancellation, so the
        // attempt may be abandoned at the handshake timeout, but only while the upgrade is unanswered. An abandoned
        // attempt never touches the session: if the venue answers late, the handler finds the attempt abandoned
        // and closes at once.
        // The handshake (TLS context set-up reads the system's trust roots) runs on Swift's shared threads; only
        // the session (`serve`: the socket's reader, applying frames, the merge) moves to the pipeline's thread,
        // whose loop also holds the socket.
        try await withAbandonableDeadline(handshakeTimeout) {
            box.abandonIfWaiting()
        } timeout: {
            HandshakeTimeout(after: handshakeTimeout)
        } _: {
            try await WebSocketClient.connect(
                url: url, configuration: clientConfiguration, tlsConfiguration: tls, eventLoopGroup: group, logger: logger
            ) {
                inbound, outbound, _ in
                guard box.claim() else { return }
                try await withTaskExecutorPreference(pipeline) {
                    try await self.serve(box, inbound: inbound, outbound: outbound)
                }
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
        let yieldAfterFrame = configuration.yieldAfterFrame
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
                        case .next:
                            if let yieldAfterFrame, yieldAfterFrame() { await Task.yield() }
                            continue
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
            group.addTask(executorPreference: globalConcurrentExecutor) {
                while !Task.isCancelled {
                    try? await Task.sleep(for: configuration.tick)
                    sink.yield(.tick)
                }
            }
            // REST snapshots are fetched on Swift's shared threads (an HTTPS fetch sets up TLS), and handed to the
            // control loop.
            func fetch(_ url: String, after delay: Duration) {
                group.addTask(executorPreference: globalConcurrentExecutor) {
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
}
