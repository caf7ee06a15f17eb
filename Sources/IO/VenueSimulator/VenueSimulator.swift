import BourseCore
import Hummingbird
import HummingbirdWebSocket
import Logging
import MarketData
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
        public var ports: [SimulatedVenueKind: Int] = [.binance: 0, .coinbase: 0, .bitstamp: 0, .bitmex: 0, .okx: 0, .kraken: 0]
        /// The instruments every venue lists.
        public var instruments = SimulatedInstrument.defaults
        /// Order events per second per instrument and venue.
        public var rate: Double = 200
        /// The market clock's period (one batch of diffs per venue and instrument per step).
        public var step: Duration = .milliseconds(100)
        /// Seed of the flows (each venue derives its own).
        public var seed: UInt64 = 42

        public init() {}
    }

    /// The venues, by kind.
    public let venues: [SimulatedVenueKind: SimulatedVenue]
    let configuration: Configuration
    let logger: Logger
    let onListening: @Sendable (SimulatedVenueKind, Int) async -> Void
    // Assigned last in `init`: a noncopyable property initialised before a throwing call crashes the
    // optimiser (Swift 6.3, "Found outside of lifetime use") when the call throws.
    private let paused: Mutex<Bool>

    /// Stops the order flow (the books freeze; sockets stay open). Tests compare books while paused.
    public func pause() { paused.withLock { $0 = true } }

    /// Restarts the order flow.
    public func resume() { paused.withLock { $0 = false } }

    public init(
        configuration: Configuration = .init(), logger: Logger = Logger(label: "bourse.venues"),
        onListening: @escaping @Sendable (SimulatedVenueKind, Int) async -> Void = { _, _ in }
    ) throws(InstrumentError) {
        var venues: [SimulatedVenueKind: SimulatedVenue] = [:]
        for (index, kind) in SimulatedVenueKind.allCases.enumerated() where configuration.ports[kind] != nil {
            venues[kind] = try SimulatedVenue(
                kind: kind, instruments: configuration.instruments, seed: configuration.seed &+ UInt64(index) &* 104_729)
        }
        self.venues = venues
        self.configuration = configuration
        self.logger = logger
        self.onListening = onListening
        paused = Mutex(false)
    }

    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (kind, venue) in venues {
                let application = makeApplication(kind: kind, venue: venue)
                group.addTask { try await application.run() }
            }
            group.addTask { await self.runClock() }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// Moves the fair values and steps every venue, once per ``Configuration/step``.
    func runClock() async {
        var generator = SeededGenerator(seed: configuration.seed)
        var fair: [String: Int64] = [:]
        for instrument in configuration.instruments { fair[instrument.symbol.description] = instrument.startPrice }
        let seconds = Double(configuration.step.components.attoseconds) / 1e18 + Double(configuration.step.components.seconds)
        while !Task.isCancelled {
            try? await Task.sleep(for: configuration.step)
            if paused.withLock({ $0 }) { continue }
            for instrument in configuration.instruments {
                let key = instrument.symbol.description
                // A random walk of a few ticks per step (about 0.05 bp of BTC/USDT), never below 100 ticks.
                let move = max(instrument.tick, (fair[key] ?? instrument.startPrice) / 2_000_000 / instrument.tick * instrument.tick)
                let roll = Int.random(in: 0..<3, using: &generator) - 1
                fair[key] = max(instrument.tick * 100, (fair[key] ?? instrument.startPrice) + Int64(roll) * move)
            }
            for venue in venues.values {
                await venue.step(fair: fair, rate: configuration.rate, seconds: seconds)
            }
        }
    }

    func makeApplication(kind: SimulatedVenueKind, venue: SimulatedVenue) -> some ApplicationProtocol {
        let router = Router(context: BasicWebSocketRequestContext.self)
        VenueRoutes(venue: venue).register(on: router)
        let host = configuration.host
        let port = configuration.ports[kind] ?? 0
        let onListening = self.onListening
        var logger = self.logger
        logger[metadataKey: "venue"] = "\(kind.rawValue)"
        return Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: router, configuration: .init(ws: .init(maxFrameSize: 1 << 16))),
            configuration: .init(address: .hostname(host, port: port), serverName: "bourse-venues"),
            onServerRunning: { channel in await onListening(kind, channel.localAddress?.port ?? port) },
            logger: logger)
    }
}
