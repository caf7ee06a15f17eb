import Aggregator
import AggregatorAPI
import ArgumentParser
import BourseCore
import Feeds
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import MarketData
import ServiceLifecycle
import Synchronization
import VenueSimulator

/// `bourse bench aggregate`: the whole market-data path in one process, over real sockets: simulated venues →
/// connectors → consolidated book → gRPC server → N gRPC subscribers.
///
/// Latency: for each summary a subscriber receives, its receive time minus the newest venue receive time the
/// summary carries (the frame that caused it), i.e. frame arrival → summary out of the server → into the client.
struct AggregateBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregate",
        abstract: "Frame-to-subscriber latency and summaries per second of the aggregator (one JSON line)."
    )

    @Option(help: "Seconds to measure (after a warm-up of 2 s).")
    var seconds: Double = 10

    @Option(help: "Order events per second per venue and symbol in the simulator.")
    var rate: Double = 2_000

    @Option(help: "Simulator step in milliseconds, fractions allowed (one diff message per venue per step).")
    var stepMs: Double = 10

    @Option(help: "gRPC subscribers.")
    var subscribers = 1

    @Option(help: "Venues.")
    var venues = "binance,coinbase,bitstamp,okx"

    @Flag(help: "Measure the in-process part alone: the venues' frames generated first, then handed to the drivers at --frames-per-sec (no sockets, no gRPC).")
    var inject = false

    @Option(help: "With --inject: frames per second over all venues.")
    var framesPerSec: Double = 10_000

    @Flag(help: "With --inject: busy-wait for each frame's time instead of sleeping (as a feed handler that polls its socket on its own core does; costs a whole core).")
    var spin = false

    @Flag(inversion: .prefixedNo, help: "As `bourse aggregate --pipeline-loop`: connectors, merge and gRPC server on one thread of their own.")
    var pipelineLoop = true

    @Option(help: "As `bourse aggregate --yield-per-frame`: auto, always or never.")
    var yieldPerFrame: FrameYield = .whileFewStreams

    @Option(help: "As `bourse aggregate --grpc-flush-delay-us`: microseconds the gRPC transport may hold a flush (default 1; 0: none).")
    var grpcFlushDelayUs: Int = 1

    func validate() throws {
        if grpcFlushDelayUs < 0 { throw ValidationError("--grpc-flush-delay-us must be zero or more") }
        if stepMs < 0.05 { throw ValidationError("--step-ms must be at least 0.05") }
        if framesPerSec <= 0 { throw ValidationError("--frames-per-sec must be positive") }
        if spin && !inject { throw ValidationError("--spin goes with --inject") }
        if seconds <= 0 || subscribers < 1 { throw ValidationError("--seconds must be positive and --subscribers at least 1") }
    }

    func run() async throws {
        if inject {
            let names = venues.split(separator: ",").map(String.init)
            try await AggregateInjectBench(venues: names, framesPerSecond: framesPerSec, seconds: seconds, rate: rate, spin: spin).run()
            return
        }
        var logger = Logger(label: "bench.aggregate")
        logger.logLevel = .critical
        var simulatorConfiguration = VenueSimulator.Configuration()
        simulatorConfiguration.rate = rate
        simulatorConfiguration.step = .microseconds(Int64(stepMs * 1_000))
        simulatorConfiguration.instruments = [SimulatedInstrument.defaults[0]]
        let (venuePorts, venueSink) = AsyncStream<(SimulatedVenueKind, Int)>.makeStream()
        let simulator = try VenueSimulator(configuration: simulatorConfiguration, logger: logger) { venueSink.yield(($0, $1)) }
        let names = venues.split(separator: ",").map(String.init)
        let symbol = CanonicalSymbol(base: "BTC", quote: "USDT")
        let (serverPorts, serverSink) = AsyncStream<Int>.makeStream()
        let stats = Stats()
        let group = ServiceGroup(services: [simulator], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var ports: [String: Int] = [:]
            for await (kind, port) in venuePorts {
                ports[kind.rawValue] = port
                if ports.count == simulatorConfiguration.ports.count { break }
            }
            let pipeline = pipelineLoop ? EventLoopTaskExecutor() : nil
            var feedConfiguration = FeedConfiguration()
            feedConfiguration.pipeline = pipeline
            let latency = PipelineLatency()
            feedConfiguration.yieldAfterFrame = yieldPerFrame.decision(latency)
            let connectors = try names.map { name -> FeedConnector<AnyVenueDriver> in
                guard let port = ports[name], let endpoint = VenueDirectory.local(name, port: port),
                      let driver = VenueDirectory.driver(venue: name, symbol: symbol, endpoint: endpoint)
                else { throw ValidationError("unknown venue \(name)") }
                return FeedConnector(driver: AnyVenueDriver(driver), configuration: feedConfiguration, logger: logger)
            }
            var configuration = AggregatorServer.Configuration()
            configuration.pipeline = pipeline
            configuration.grpcFlushDelay = grpcFlushDelayUs > 0 ? .microseconds(grpcFlushDelayUs) : nil
            configuration.grpcPort = 0
            configuration.httpPort = 0
            let server = AggregatorServer(
                aggregators: [SymbolAggregator(symbol: symbol, connectors: connectors, levels: 10, latency: latency, logger: logger)],
                configuration: configuration, logger: logger) { grpc, _ in serverSink.yield(grpc) }
            let serverGroup = ServiceGroup(services: [server], logger: logger)
            tasks.addTask { try await serverGroup.run() }
            var iterator = serverPorts.makeAsyncIterator()
            let grpcPort = await iterator.next()!
            let measureFrom = ContinuousClock.now + .seconds(2)
            let measureUntil = measureFrom + .milliseconds(Int64(seconds * 1000))
            let frameCount: @Sendable () -> Int = { connectors.reduce(0) { $0 + $1.status.current.value.counters.messages } }
            tasks.addTask {
                try? await Task.sleep(until: measureFrom)
                stats.frames(start: frameCount())
                try? await Task.sleep(until: measureUntil)
                stats.frames(end: frameCount())
            }
            // At most 50 streams per HTTP/2 connection (servers cap concurrent streams per connection).
            let perConnection = 50
            try await withThrowingTaskGroup(of: Void.self) { connections in
                for first in stride(from: 0, to: subscribers, by: perConnection) {
                    let indices = first..<min(subscribers, first + perConnection)
                    connections.addTask {
                        try await withGRPCClient(
                            transport: .http2NIOPosix(
                                target: .ipv4(address: "127.0.0.1", port: grpcPort), transportSecurity: .plaintext)
                        ) { client in
                            let aggregator = Orderbook_OrderbookAggregator.Client(wrapping: client)
                            try await withThrowingTaskGroup(of: Void.self) { streams in
                                for index in indices {
                                    streams.addTask {
                                        do {
                                            try await aggregator.bookSummary(Orderbook_Empty()) { response in
                                                for try await summary in response.messages {
                                                    let now = ContinuousClock.now
                                                    if now > measureUntil { break }
                                                    guard now > measureFrom else { continue }
                                                    let received = WallClock.nanoseconds()
                                                    let frame = summary.venues.map(\.receiveTimestampNs).max() ?? 0
                                                    let valid = index == 0 && frame > 0
                                                    stats.record(
                                                        latency: valid ? received - frame : nil,
                                                        inProcess: valid ? summary.timestampNs - frame : nil)
                                                }
                                            }
                                        } catch where ContinuousClock.now >= measureUntil {
                                            // After the window every stream cancels its call at the same moment, and
                                            // the server may close a connection that resets 50 streams at once: the
                                            // measurement is over, so count it and stop (an error before is fatal).
                                            stats.closedAfterWindow()
                                        }
                                    }
                                }
                                try await streams.waitForAll()
                            }
                            client.beginGracefulShutdown()
                        }
                    }
                }
                try await connections.waitForAll()
            }
            await serverGroup.triggerGracefulShutdown()
            await group.triggerGracefulShutdown()
            tasks.cancelAll()
        }
        let (count, latencies, inProcess) = stats.result()
        let framesSeen = stats.framesSeen
        let sorted = latencies.sorted()
        let merged = inProcess.sorted()
        print("{\"bench\":\"aggregate\",\"venues\":\(names.count),\"rate_per_venue\":\(Int(rate)),\"subscribers\":\(subscribers),"
              + "\"seconds\":\(seconds),\"frames_per_sec\":\(Int(Double(framesSeen) / seconds)),\"summaries_received\":\(count),\"summaries_per_sec\":\(Int(Double(count) / seconds)),"
              + "\"latency_samples\":\(sorted.count),\"latency_us\":\(LatencyPercentiles.json(sorted)),"
              + "\"frame_to_summary_us\":\(LatencyPercentiles.json(merged)),\"streams_closed_after_window\":\(stats.streamsClosedAfterWindow)}")
    }
}

/// Counts of the subscribers and the latency samples of the first one.
final class Stats: Sendable {
    private let state = Mutex<(count: Int, latencies: [Int64], inProcess: [Int64])>((0, [], []))
    private let window = Mutex<(start: Int, end: Int)>((0, 0))
    private let closed = Mutex(0)
    /// A stream the server closed after the measurement window (see the caller).
    func closedAfterWindow() { closed.withLock { $0 += 1 } }
    var streamsClosedAfterWindow: Int { closed.withLock { $0 } }
    func frames(start: Int) { window.withLock { $0.start = start } }
    func frames(end: Int) { window.withLock { $0.end = end } }
    var framesSeen: Int { window.withLock { $0.end - $0.start } }
    func record(latency: Int64?, inProcess: Int64?) {
        state.withLock {
            $0.count += 1
            if let latency { $0.latencies.append(latency) }
            if let inProcess { $0.inProcess.append(inProcess) }
        }
    }
    func result() -> (Int, [Int64], [Int64]) { state.withLock { ($0.count, $0.latencies, $0.inProcess) } }
}
