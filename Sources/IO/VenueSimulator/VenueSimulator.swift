import BourseCore
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import HummingbirdWebSocket
import Logging
import MarketData
import OrderBook
import ServiceLifecycle
import Synchronization

/// Serves simulated venues on loopback, each on its own port and in its own wire format, all fed by Bourse's
/// matching engine with a synthetic flow around one shared fair value per instrument (a random walk).
///
/// A `Service`: ``run()`` serves until graceful shutdown or cancellation.
public final class VenueSimulator: Service, Sendable {
    /// Addresses and pace.
    public struct Configuration: Sendable {
        /// The interface to listen on.
        public var host = "127.0.0.1"
        /// Ports per venue (0: any free port; the chosen ones are reported through `onListening`).
        public var ports: [SimulatedVenueKind: Int] = [.binance: 0, .binanceFutures: 0, .coinbase: 0, .bitstamp: 0, .bitmex: 0, .okx: 0, .kraken: 0]
        /// The instruments every venue lists.
        public var instruments = SimulatedInstrument.defaults
        /// Order events per second per instrument and venue.
        public var rate: Double = 200
        /// The market clock's period (one batch of diffs per venue and instrument per step).
        public var step: Duration = .milliseconds(100)
        /// Step the venues one after another, spread evenly over the period (venue k of n a k/n period late), as
        /// independent exchanges' messages arrive; otherwise all venues step together, the worst case for a
        /// consumer that merges them on one thread (their messages arrive at once).
        public var staggerVenues = false
        /// Seed of the flows (each venue derives its own).
        public var seed: UInt64 = 42
        /// A recorded book shown instead of the synthetic flow for its instrument (which is added to, or replaces
        /// one of, ``instruments`` at the recording's scales), on every venue whose grid holds it.
        public var recording: RecordedFlow?
        /// Pace of the recording: 1 at the recorded speed, 10 ten times faster, 0 as fast as the venues take it.
        public var recordingSpeed: Double = 1
        /// Start the recording again when it ends (the book returns to its first state); otherwise the book
        /// stays as the recording left it.
        public var loopRecording = false
        /// Serve every venue over TLS (`wss://`, `https://`) with this server configuration; `nil`: plain.
        public var tls: TLSConfiguration?

        public init() {}

        /// ``instruments`` with the recording's instrument in place of the one with its symbol.
        public var effectiveInstruments: [SimulatedInstrument] {
            guard let recording else { return instruments }
            return instruments.filter { $0.symbol != recording.symbol } + [recording.instrument]
        }
    }

    /// How far a recording has been replayed (``Configuration/recording``).
    public struct RecordingProgress: Hashable, Sendable {
        /// Steps applied in the current pass, and in all.
        public var stepsApplied = 0
        public var steps = 0
        /// Passes completed (a looping replay counts each return to the start).
        public var passes = 0
    }

    /// The venues, by kind.
    public let venues: [SimulatedVenueKind: SimulatedVenue]
    let configuration: Configuration
    let logger: Logger
    let onListening: @Sendable (SimulatedVenueKind, Int) async -> Void
    // Assigned last in `init`: a noncopyable property initialised before a throwing call crashes the
    // optimiser (Swift 6.3, "Found outside of lifetime use") when the call throws.
    private let clock: Mutex<ClockState>
    private let progress: Mutex<RecordingProgress>

    /// Whether the order flow is paused, and whether a round of venue steps is running (it finishes first).
    struct ClockState {
        var paused = false
        var stepping = false
    }

    /// How far the recording has been replayed.
    public var recordingProgress: RecordingProgress { progress.withLock { $0 } }

    /// Stops the order flow (the books freeze; sockets stay open) and returns once a round of venue steps that
    /// was running has finished, so the books no longer change. Tests compare books while paused.
    public func pause() async {
        clock.withLock { $0.paused = true }
        while clock.withLock({ $0.stepping }) { try? await Task.sleep(for: .milliseconds(1)) }
    }

    /// Restarts the order flow.
    public func resume() { clock.withLock { $0.paused = false } }

    /// Starts a round of venue steps unless paused (`false`: paused, do nothing).
    private func beginStepping() -> Bool {
        clock.withLock { state in
            guard !state.paused else { return false }
            state.stepping = true
            return true
        }
    }

    private func endStepping() { clock.withLock { $0.stepping = false } }

    public init(
        configuration: Configuration = .init(), logger: Logger = Logger(label: "bourse.venues"),
        onListening: @escaping @Sendable (SimulatedVenueKind, Int) async -> Void = { _, _ in }
    ) throws(InstrumentError) {
        var venues: [SimulatedVenueKind: SimulatedVenue] = [:]
        for (index, kind) in SimulatedVenueKind.allCases.enumerated() where configuration.ports[kind] != nil {
            venues[kind] = try SimulatedVenue(
                kind: kind, instruments: configuration.effectiveInstruments, seed: configuration.seed &+ UInt64(index) &* 104_729,
                replayed: configuration.recording?.symbol)
        }
        self.venues = venues
        self.configuration = configuration
        self.logger = logger
        self.onListening = onListening
        clock = Mutex(ClockState())
        progress = Mutex(RecordingProgress(steps: configuration.recording?.steps.count ?? 0))
    }

    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (kind, venue) in venues {
                let application = try makeApplication(kind: kind, venue: venue)
                group.addTask { try await application.run() }
            }
            group.addTask { await self.runClock() }
            if let recording = configuration.recording {
                group.addTask {
                    await self.runRecording(recording)
                    // The venues keep serving the book the recording left (the first task to end ends them all).
                    while !Task.isCancelled { try? await Task.sleep(for: .seconds(3_600)) }
                }
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// Moves the fair values and steps every venue, once per ``Configuration/step``.
    ///
    /// Steps are due on a fixed schedule (start + n × step), not a step's length after the previous one ended, so
    /// the market keeps its rate while a round of steps takes less than the period. A clock that falls more than
    /// a few periods behind (a busy machine) starts its schedule afresh instead of bursting to catch up.
    func runClock() async {
        var generator = SeededGenerator(seed: configuration.seed)
        var fair: [String: Int64] = [:]
        let instruments = configuration.effectiveInstruments
        for instrument in instruments { fair[instrument.symbol.description] = instrument.startPrice }
        let seconds = Double(configuration.step.components.attoseconds) / 1e18 + Double(configuration.step.components.seconds)
        let clock = ContinuousClock()
        var due = clock.now
        while !Task.isCancelled {
            due += configuration.step
            let now = clock.now
            if now - due > configuration.step * 4 { due = now + configuration.step }
            if due > now { try? await Task.sleep(until: due, tolerance: configuration.step / 10, clock: clock) }
            guard beginStepping() else { continue }
            defer { endStepping() }
            for instrument in instruments {
                let key = instrument.symbol.description
                // A random walk of a few ticks per step (about 0.05 bp of BTC/USDT), never below 100 ticks.
                let move = max(instrument.tick, (fair[key] ?? instrument.startPrice) / 2_000_000 / instrument.tick * instrument.tick)
                let roll = Int.random(in: 0..<3, using: &generator) - 1
                fair[key] = max(instrument.tick * 100, (fair[key] ?? instrument.startPrice) + Int64(roll) * move)
            }
            let stepping = Array(venues.values)
            for (k, venue) in stepping.enumerated() {
                if configuration.staggerVenues && k > 0 {
                    let offset = due + configuration.step * k / stepping.count
                    if offset > clock.now { try? await Task.sleep(until: offset, tolerance: configuration.step / 40, clock: clock) }
                }
                await venue.step(fair: fair, rate: configuration.rate, seconds: seconds)
            }
        }
    }

    /// Plays the recording on the venues that show it: each step when its recorded time (relative to the
    /// first, divided by the speed) has come, steps that are due together in one batch per venue.
    func runRecording(_ flow: RecordedFlow) async {
        let canonical = flow.symbol.description
        var showing: [SimulatedVenue] = []
        for venue in venues.values where await venue.replays(canonical) { showing.append(venue) }
        guard let firstTime = flow.steps.first?.time else { return }
        let speed = configuration.recordingSpeed
        /// When step `index` is due after the pass's start (at once when replaying as fast as possible).
        func due(_ index: Int) -> Duration {
            speed > 0 ? .nanoseconds(Int64(Double(flow.steps[index].time - firstTime) / speed)) : .zero
        }
        var pass = 0
        repeat {
            var index = 0
            if pass > 0 {
                // Back to the first book: one update from where the recording ended.
                let back = flow.finalBook.difference(to: flow.initialBook)
                for venue in showing { await venue.replay(canonical, steps: [back], now: WallClock.nanoseconds() / 1_000_000) }
                index = 1
            }
            var start = ContinuousClock.now
            while index < flow.steps.count {
                if Task.isCancelled { return }
                guard beginStepping() else {
                    // The recorded clock stops too: after `resume` the steps keep their recorded spacing.
                    let before = ContinuousClock.now
                    try? await Task.sleep(for: .milliseconds(20))
                    start += ContinuousClock.now - before
                    continue
                }
                defer { endStepping() }
                let elapsed = ContinuousClock.now - start
                var batch: [[L2LevelDifference]] = []
                while index < flow.steps.count && batch.count < 64 && due(index) <= elapsed {
                    batch.append(flow.steps[index].levels)
                    index += 1
                }
                if batch.isEmpty {
                    try? await Task.sleep(for: min(due(index) - elapsed, .milliseconds(100)))
                    continue
                }
                let now = WallClock.nanoseconds() / 1_000_000
                for venue in showing { await venue.replay(canonical, steps: batch, now: now) }
                let applied = index
                progress.withLock { $0.stepsApplied = applied }
                if speed == 0 { await Task.yield() }
            }
            pass += 1
            let passes = pass
            progress.withLock { $0.passes = passes }
        } while configuration.loopRecording && !Task.isCancelled
    }

    func makeApplication(kind: SimulatedVenueKind, venue: SimulatedVenue) throws -> some ApplicationProtocol {
        let router = Router(context: BasicWebSocketRequestContext.self)
        VenueRoutes(venue: venue).register(on: router)
        let host = configuration.host
        let port = configuration.ports[kind] ?? 0
        let onListening = self.onListening
        var logger = self.logger
        logger[metadataKey: "venue"] = "\(kind.rawValue)"
        let plain = HTTPServerBuilder.http1WebSocketUpgrade(webSocketRouter: router, configuration: .init(ws: .init(maxFrameSize: 1 << 16)))
        return Application(
            router: router,
            server: try configuration.tls.map { try .tls(plain, tlsConfiguration: $0) } ?? plain,
            configuration: .init(address: .hostname(host, port: port), serverName: "bourse-venues"),
            onServerRunning: { channel in await onListening(kind, channel.localAddress?.port ?? port) },
            logger: logger)
    }
}
