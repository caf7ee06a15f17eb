import Aggregator
import ArgumentParser
import Feeds
import Foundation
import Logging
import MarketData
import NIOCore
import ServiceLifecycle

/// `bourse aggregate`: a consolidated book per symbol from several venues, streamed over gRPC and WebSocket.
struct AggregateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregate",
        abstract: "Merge several venues' books per symbol and stream the top levels and the spread (gRPC, WebSocket, web page).",
        discussion: """
            Default venues are the simulated ones of `bourse venues` on loopback; --real uses the exchanges.
            gRPC: orderbook.OrderbookAggregator/BookSummary (and SymbolBookSummary) on --port, with server
            reflection. HTTP on --http-port: GET /book/<symbol>, GET /symbols, /ws/<symbol> and the web page at /.
            """
    )

    @Option(parsing: .singleValue, help: "Symbol to follow (repeatable; the first is BookSummary's).")
    var symbol: [String] = []

    @Option(help: "Base asset (with --quote), instead of --symbol.")
    var base: String?

    @Option(help: "Quote asset (with --base).")
    var quote: String?

    @Option(help: "Venues, comma-separated.")
    var venues = "binance,coinbase,bitstamp,okx"

    @Option(help: "Levels per side in the summaries.")
    var levels = 10

    @Option(help: "gRPC port.")
    var port = 50052

    @Option(help: "HTTP port (web page, JSON, WebSocket).")
    var httpPort = 8090

    @Option(help: "Interface to listen on.")
    var listen = "127.0.0.1"

    @Option(parsing: .singleValue, help: "Taker fee of a venue in basis points: VENUE=BPS (repeatable).")
    var fee: [String] = []

    @Flag(help: "Connect to the real venues instead of the simulated ones.")
    var real = false

    @Option(help: "Host of the simulated venues.")
    var host = "127.0.0.1"

    @Option(parsing: .singleValue, help: "Address override: VENUE=WS_URL[,REST_URL] (repeatable).")
    var endpoint: [String] = []

    @Flag(help: "Load each venue's instrument list (exchangeInfo and equivalents) to name the symbols exactly.")
    var loadInstruments = false

    func symbols() throws -> [CanonicalSymbol] {
        var texts = symbol
        if let base, let quote { texts.insert(base + "/" + quote, at: 0) }
        if texts.isEmpty { texts = ["BTC/USDT", "ETH/BTC"] }
        return try texts.map { text in
            guard let s = CanonicalSymbol(text) else { throw ValidationError("cannot read symbol '\(text)'") }
            return s
        }
    }

    @Flag(
        inversion: .prefixedNo,
        help: "Run the connectors' sessions, the merges and the gRPC server on pipeline threads of their own (no thread hand-off between a frame and its summary's gRPC write); --no-pipeline-loop spreads them over Swift's and NIO's shared threads.")
    var pipelineLoop = true

    @Option(help: "Pipeline threads: the symbols are dealt over them in order, the gRPC server runs on the first (default: one per symbol, at most one per core this process may use).")
    var pipelineThreads: Int?

    @Option(help: "Microseconds the gRPC transport may hold a connection's flush to coalesce writes (default 1: flush at the end of the event loop's pass; 0: flush each write at once).")
    var grpcFlushDelayUs: Int = 1

    @Option(help: "When each venue's reader lets the others and the gRPC streams run after a frame: auto (while the symbol has at most 4 gRPC streams), always, never.")
    var yieldPerFrame: FrameYield = .whileFewStreams

    @Option(help: "Print the pipeline latency (GET /stats, a JSON line) every this many seconds, then start it afresh (0: never).")
    var statsEvery: Double = 0

    func validate() throws {
        if venues.split(separator: ",").contains("bitmex") && !loadInstruments {
            throw ValidationError("bitmex sizes are contracts: add --load-instruments so they are read as base quantities (linear contracts only)")
        }
        if grpcFlushDelayUs < 0 { throw ValidationError("--grpc-flush-delay-us must be zero or more") }
        if statsEvery < 0 { throw ValidationError("--stats-every must be zero or more") }
        if let pipelineThreads, pipelineThreads < 1 { throw ValidationError("--pipeline-threads must be at least 1") }
        if pipelineThreads != nil && !pipelineLoop { throw ValidationError("--pipeline-threads goes with the pipeline loop, not --no-pipeline-loop") }
    }

    func run() async throws {
        var logger = Logger(label: "bourse.aggregate")
        logger.logLevel = .warning
        var fees: [String: Int] = [:]
        for item in fee {
            let parts = item.split(separator: "=")
            guard parts.count == 2, let bps = Int(parts[1]) else { throw ValidationError("--fee wants VENUE=BPS") }
            fees[String(parts[0])] = bps
        }
        let followed = try symbols()
        let threads = pipelineLoop ? (pipelineThreads ?? max(1, min(followed.count, System.coreCount))) : 0
        let pipelines = (0..<threads).map { _ in EventLoopTaskExecutor() }
        var aggregators: [SymbolAggregator] = []
        let venueNames = venues.split(separator: ",").map(String.init)
        var maps: [String: SymbolMap] = [:]  // each venue's instrument list (--load-instruments), loaded once for all symbols
        for (n, symbol) in followed.enumerated() {
            // The symbols are dealt over the pipeline threads: each symbol's connectors and merge on one of them.
            var feedConfiguration = FeedConfiguration()
            feedConfiguration.pipeline = AggregatorServer.pipeline(forSymbol: n, of: pipelines)
            let latency = PipelineLatency()
            feedConfiguration.yieldAfterFrame = yieldPerFrame.decision(latency)
            var options = try VenueOptions.parse(["--symbol", symbol.description, "--host", host] + (real ? ["--real"] : [])
                + (loadInstruments ? ["--load-instruments"] : []) + endpoint.flatMap { ["--endpoint", $0] })
            options.symbol = symbol.description
            if n == 0 {
                for venue in venueNames { maps[venue] = try await options.instrumentMap(venue) }
            }
            let connectors = try venueNames.map { try options.connector($0, configuration: feedConfiguration, map: maps[$0]) }
            aggregators.append(SymbolAggregator(
                symbol: symbol, connectors: connectors, levels: levels, takerFees: fees, latency: latency, logger: logger))
        }
        var configuration = AggregatorServer.Configuration()
        configuration.host = listen
        configuration.grpcPort = port
        configuration.httpPort = httpPort
        configuration.levels = levels
        configuration.pipeline = pipelines.first
        configuration.grpcFlushDelay = grpcFlushDelayUs > 0 ? .microseconds(grpcFlushDelayUs) : nil
        let listen = self.listen
        let names = aggregators.map(\.symbol.description).joined(separator: ", ")
        let server = AggregatorServer(aggregators: aggregators, configuration: configuration, logger: logger) { grpc, http in
            FileHandle.standardOutput.write(Data("""
                aggregating \(names) from \(venues)
                gRPC  \(listen):\(grpc)  (orderbook.OrderbookAggregator, reflection on)
                web   http://\(listen):\(http)/   JSON: /book/<symbol>  stream: ws://\(listen):\(http)/ws/<symbol>  latency: /stats

                """.utf8))
        }
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: server)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        let period = Duration.milliseconds(Int64(statsEvery * 1_000))
        let reported = aggregators
        let statsEvery = self.statsEvery
        let outcome: Result<Void, any Error>
        do {
            try await withThrowingTaskGroup(of: Void.self) { tasks in
                tasks.addTask { try await group.run() }
                if statsEvery > 0 {
                    tasks.addTask {
                        while !Task.isCancelled {
                            try await Task.sleep(for: period)
                            FileHandle.standardOutput.write(Data((PipelineLatency.report(reported, resetting: true) + "\n").utf8))
                        }
                    }
                }
                // The server ends on SIGTERM/SIGINT: stop the printer with it.
                try await tasks.next()
                tasks.cancelAll()
            }
            outcome = .success(())
        } catch {
            outcome = .failure(error)
        }
        // Everything that ran on the pipeline threads has ended with the server: stop them.
        for pipeline in pipelines { try? await pipeline.shutdown() }
        try outcome.get()
    }
}
