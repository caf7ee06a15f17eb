import AggregatorAPI
import Feeds
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Hummingbird
import HummingbirdWebSocket
import Logging
import MarketData
import NIOPosix
import ServiceLifecycle

/// `bourse aggregate`: the symbols' pipelines, the gRPC server (`orderbook.OrderbookAggregator` with server
/// reflection) and the HTTP server (`GET /book/<symbol>`, `GET /symbols`, the JSON stream at `/ws/<symbol>` and
/// the web page at `/`). A `Service`: runs until graceful shutdown or cancellation.
public final class AggregatorServer: Service, Sendable {
    public struct Configuration: Sendable {
        public var host = "127.0.0.1"
        /// gRPC port (0: any; reported through `onListening`).
        public var grpcPort = 50052
        /// HTTP port (0: any).
        public var httpPort = 8090
        /// Rows per side.
        public var levels = 10
        /// The thread the gRPC server runs on: every gRPC stream prefers it and the gRPC connections live on its
        /// loop (the symbols' tasks prefer it too). Give a symbol's connectors the same one
        /// (``FeedConfiguration/pipeline``) and its frames go from the socket to the summary's gRPC write without
        /// changing threads; symbols whose connectors run on another pipeline thread cross to this one once, when a
        /// stream is woken. `nil`: Swift's global executor and NIO's shared loops.
        public var pipeline: EventLoopTaskExecutor?
        /// How long the gRPC transport may hold a connection's flush to coalesce writes (`nil`: flush each write
        /// at once).
        ///
        /// grpc-swift's HTTP/2 server holds each connection's flush for up to 100 µs by default, to send fewer,
        /// larger writes; at 10k frames/s nearly every summary waited that long after its stream's write. The
        /// default here, 1 µs, flushes at the end of the event loop's current pass instead: the streams that write
        /// in one pass (many subscribers sharing a connection) still share one flush, and a lone subscriber gets
        /// its summary as early as with no coalescing (BENCHMARKS.md).
        public var grpcFlushDelay: Duration? = .microseconds(1)
        public init() {}
    }

    public let aggregators: [SymbolAggregator]
    let configuration: Configuration
    let logger: Logger
    let onListening: @Sendable (_ grpcPort: Int, _ httpPort: Int) async -> Void
    private let ports = PortPair()

    public init(
        aggregators: [SymbolAggregator], configuration: Configuration = .init(),
        logger: Logger = Logger(label: "bourse.aggregate"),
        onListening: @escaping @Sendable (_ grpcPort: Int, _ httpPort: Int) async -> Void = { _, _ in }
    ) {
        precondition(!aggregators.isEmpty, "an aggregator needs at least one symbol")
        self.aggregators = aggregators
        self.configuration = configuration
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        let reflection = try ReflectionService()
        let summaries = SummaryService(aggregators: aggregators, levels: configuration.levels)
        let application = makeApplication()
        let executor = configuration.pipeline
        try await withThrowingTaskGroup(of: Void.self) { group in
            for aggregator in aggregators { group.addTask(executorPreference: executor) { await aggregator.run() } }
            group.addTask { try await application.run() }
            group.addTask(executorPreference: executor) {
                let transport = Self.grpcTransport(flushDelay: self.configuration.grpcFlushDelay)
                try await withGRPCServer(
                    transport: .http2NIOPosix(
                        address: .ipv4(host: self.configuration.host, port: self.configuration.grpcPort),
                        transportSecurity: .plaintext, config: transport,
                        eventLoopGroup: executor?.group ?? .singletonMultiThreadedEventLoopGroup),
                    services: [summaries, reflection]
                ) { server in
                    if let address = try await server.listeningAddress?.ipv4 {
                        await self.reportPort(grpc: address.port)
                    }
                    // Serve until the task group is cancelled (graceful shutdown of the HTTP side ends it).
                    try await gracefulShutdown()
                }
            }
            defer { group.cancelAll() }
            try await group.next()
        }
    }

    /// The gRPC transport's configuration: grpc-swift's defaults with the flush delay (``Configuration/grpcFlushDelay``),
    /// and a ``SocketHandoff/Marker`` next to each connection's socket.
    static func grpcTransport(flushDelay: Duration?) -> HTTP2ServerTransport.Posix.Config {
        var transport = HTTP2ServerTransport.Posix.Config.defaults
        typealias FlushCoalescing = HTTP2ServerTransport.Config.Connection.FlushCoalescing
        transport.connection.flushCoalescing = flushDelay.map {
            FlushCoalescing(maxFlushDelay: $0, maxBytes: FlushCoalescing.defaults.maxBytes)
        }
        // Times each flush at the socket, for `/stats`' frame → socket latency (``SocketHandoff``).
        transport.channelDebuggingCallbacks.onAcceptTCPConnection = { SocketHandoff.install(on: $0) }
        return transport
    }

    /// The thread the pipelines and the gRPC server run on, if one was given (``Configuration/pipeline``).
    public var pipeline: EventLoopTaskExecutor? { configuration.pipeline }

    /// The pipeline thread of the `n`th symbol: the symbols are dealt over `pipelines` in order, so symbol 0 shares
    /// the first thread with the gRPC server (``Configuration/pipeline`` is `pipelines.first`). `nil` without threads.
    public static func pipeline(forSymbol n: Int, of pipelines: [EventLoopTaskExecutor]) -> EventLoopTaskExecutor? {
        pipelines.isEmpty ? nil : pipelines[n % pipelines.count]
    }

    private func reportPort(grpc: Int? = nil, http: Int? = nil) async {
        if let both = ports.set(grpc: grpc, http: http) { await onListening(both.0, both.1) }
    }

    func makeApplication() -> some ApplicationProtocol {
        let router = Router(context: BasicWebSocketRequestContext.self)
        AggregatorRoutes(aggregators: aggregators, levels: configuration.levels).register(on: router)
        let host = configuration.host
        let port = configuration.httpPort
        return Application(
            router: router,
            server: .http1WebSocketUpgrade(webSocketRouter: router),
            configuration: .init(address: .hostname(host, port: port), serverName: "bourse-aggregate"),
            onServerRunning: { channel in await self.reportPort(http: channel.localAddress?.port ?? port) },
            logger: logger)
    }
}

/// Collects the two listening ports and reports them once both are known.
final class PortPair: Sendable {
    private let state = Mutex<(grpc: Int?, http: Int?, reported: Bool)>((nil, nil, false))

    func set(grpc: Int?, http: Int?) -> (Int, Int)? {
        state.withLock { s in
            if let grpc { s.grpc = grpc }
            if let http { s.http = http }
            guard !s.reported, let g = s.grpc, let h = s.http else { return nil }
            s.reported = true
            return (g, h)
        }
    }
}

import Synchronization
