import ExchangeService
import Hummingbird
import HummingbirdCore
import HummingbirdWebSocket
import Logging
import ServiceLifecycle

/// The exchange's HTTP and WebSocket server: REST under `/api/v1` (with BitMEX's `instrument/active` and
/// `wallet/assets`), the BitMEX-shaped socket at `/realtime`, and the Binance spot dialect (`/api/v3`, `/ws`,
/// `/stream`; see ``BinanceRoutes``).
///
/// A `Service`: ``run()`` serves until graceful shutdown (or cancellation), then stops accepting connections and
/// lets open requests finish. The sequencer's journal writer is a separate service (``SequencerService``) that
/// must outlive this one; run both (and ``TickService``) in one `ServiceGroup`, the sequencer first.
public struct ExchangeServer: Service {
    let gateway: ExchangeGateway
    let logger: Logger
    let onListening: @Sendable (_ host: String, _ port: Int) async -> Void
    let prepare: @Sendable (ExchangeSequencer) async throws -> Void

    /// - Parameters:
    ///   - sequencer: the exchange; its ``ExchangeSequencer/run()`` must be running.
    ///   - configuration: address and limits.
    ///   - clock: milliseconds since the epoch (signature windows, session expiry); the sequencer's by default.
    ///   - prepare: runs before the server listens, with the journal writer already running (first-start
    ///     setup); an error stops the server.
    ///   - onListening: called once the socket is bound, with the actual port (useful with port 0).
    public init(
        sequencer: ExchangeSequencer, configuration: ExchangeServerConfiguration = .init(),
        clock: @escaping @Sendable () -> Int64 = ExchangeSequencer.wallClockMilliseconds,
        logger: Logger = Logger(label: "bourse.exchange"),
        prepare: @escaping @Sendable (ExchangeSequencer) async throws -> Void = { _ in },
        onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void = { _, _ in }
    ) {
        gateway = ExchangeGateway(sequencer: sequencer, configuration: configuration, clock: clock)
        self.logger = logger
        self.prepare = prepare
        self.onListening = onListening
    }

    /// Serves until graceful shutdown or cancellation.
    /// - Throws: when the address cannot be bound.
    public func run() async throws {
        try await prepare(gateway.sequencer)
        let application = makeApplication()
        let hub = gateway.hub
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await hub.run() }
            group.addTask { await hub.runBinanceTicks() }
            group.addTask { try await application.run() }
            // The application returns after graceful shutdown; the hub follows the stream until cancelled.
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// Order requests answered on the event loop by the order-entry lane since the server started (the others
    /// went through the router).
    public var ordersAnsweredByLane: Int { gateway.laneAnswers.load(ordering: .relaxed) }

    /// The `Server` header of every response.
    static let serverName = "Bourse"

    /// Milliseconds until the next good-till-date expiry is due (`nil`: none open); used by ``TickService``.
    func nextExpiry() async -> Int64? { await gateway.hub.nextExpiry() }

    func makeApplication() -> some ApplicationProtocol {
        let router = Router(context: ServerContext.self)
        router.add(middleware: ErrorMiddleware())
        let api = router.group("api/v1")
        MarketRoutes(gateway: gateway).register(on: api)
        AuthRoutes(gateway: gateway).register(on: api)
        OrderRoutes(gateway: gateway).register(on: api)
        AccountRoutes(gateway: gateway).register(on: api)
        BracketRoutes(gateway: gateway).register(on: api)
        AdminRoutes(gateway: gateway).register(on: api)
        BitMEXRoutes(gateway: gateway).register(on: api)
        BinanceRoutes(gateway: gateway).register(on: router)
        let gateway = self.gateway
        router.ws("realtime") { inbound, outbound, _ in
            await RealtimeSession(gateway: gateway).run(inbound: inbound, outbound: outbound)
        }
        let configuration = gateway.configuration
        let onListening = self.onListening
        let lane = configuration.orderEntryLane
        let http1 = HTTP1Channel.Configuration(
            additionalChannelHandlers: lane ? [OrderEntryLane(gateway: gateway)] : [])
        return Application(
            router: router,
            server: .http1WebSocketUpgrade(
                webSocketRouter: router,
                configuration: .init(http1: http1, ws: .init(maxFrameSize: configuration.maxFrameSize))),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: Self.serverName),
            onServerRunning: { channel in
                await onListening(configuration.host, channel.localAddress?.port ?? configuration.port)
            },
            logger: logger)
    }
}
