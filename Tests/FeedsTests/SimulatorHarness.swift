import BourseCore
import Feeds
import Logging
import NIOSSL
import MarketData
import OrderBook
import ServiceLifecycle
import Testing
import VenueSimulator

/// A venue simulator on loopback for one test, with its ports.
struct SimulatorHarness: Sendable {
    let simulator: VenueSimulator
    let ports: [SimulatedVenueKind: Int]

    func venue(_ kind: SimulatedVenueKind) -> SimulatedVenue { simulator.venues[kind]! }
    func ws(_ kind: SimulatedVenueKind) -> String { "ws://127.0.0.1:\(ports[kind]!)" }
    func http(_ kind: SimulatedVenueKind) -> String { "http://127.0.0.1:\(ports[kind]!)" }

    /// Runs `body` with a simulator serving `kinds` (fast clock), then shuts it down.
    static func with(
        _ kinds: [SimulatedVenueKind] = SimulatedVenueKind.allCases, rate: Double = 400, recording: RecordedFlow? = nil,
        recordingSpeed: Double = 1, loopRecording: Bool = false, tls: TLSConfiguration? = nil,
        staggerVenues: Bool = false,
        _ body: @Sendable (SimulatorHarness) async throws -> Void
    ) async throws {
        var configuration = VenueSimulator.Configuration()
        // Only the venues a test uses: each simulated venue costs CPU that tests running beside it need.
        configuration.ports = Dictionary(uniqueKeysWithValues: kinds.map { ($0, 0) })
        configuration.rate = rate
        configuration.tls = tls
        configuration.recording = recording
        configuration.recordingSpeed = recordingSpeed
        configuration.loopRecording = loopRecording
        configuration.step = .milliseconds(20)
        configuration.staggerVenues = staggerVenues
        var logger = Logger(label: "test.venues")
        logger.logLevel = .warning
        let (events, sink) = AsyncStream<(SimulatedVenueKind, Int)>.makeStream()
        let simulator = try VenueSimulator(configuration: configuration, logger: logger) { kind, port in
            sink.yield((kind, port))
        }
        let group = ServiceGroup(services: [simulator], logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            var ports: [SimulatedVenueKind: Int] = [:]
            for await (kind, port) in events {
                ports[kind] = port
                if ports.count == kinds.count { break }
            }
            do {
                try await body(SimulatorHarness(simulator: simulator, ports: ports))
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }

    /// A connector for `kind`'s BTC/USDT book.
    func driver(_ kind: SimulatedVenueKind, symbol: CanonicalSymbol = CanonicalSymbol(base: "BTC", quote: "USDT"))
        -> any VenueDriver
    {
        let name = symbol.name(on: kind.rawValue)
        switch kind {
        case .binance: return BinanceDriver(symbol: name, websocketBase: ws(kind), restBase: http(kind))!
        case .binanceFutures:
            return BinanceDriver(symbol: name, websocketBase: ws(kind), restBase: http(kind), rules: .usdMFutures)!
        case .coinbase: return CoinbaseDriver(product: name, websocketBase: ws(kind))!
        case .bitstamp: return BitstampDriver(pair: name, websocketBase: ws(kind), restBase: http(kind))!
        case .bitmex: return BitMEXDriver(symbol: name, websocketBase: ws(kind))!
        case .okx: return OKXDriver(instrument: name, websocketBase: ws(kind))!
        case .kraken: return KrakenDriver(symbol: name, websocketBase: ws(kind))!
        }
    }
}

/// Quick timers so faults show within a test's patience. Staleness is slow by default: tests pause the simulated
/// market to compare books, and a quiet market must not look stale (the staleness tests ask for quick timers).
func testFeedConfiguration(quickStaleness: Bool = false) -> FeedConfiguration {
    var configuration = FeedConfiguration()
    configuration.staleAfter = quickStaleness ? .milliseconds(400) : .seconds(20)
    configuration.reconnectAfter = quickStaleness ? .milliseconds(1_500) : .seconds(40)
    configuration.backoff = Backoff(base: .milliseconds(50), maximum: .milliseconds(400))
    configuration.snapshotRetryDelay = .milliseconds(100)
    configuration.pingInterval = .seconds(2)
    configuration.tick = .milliseconds(25)
    return configuration
}

/// Runs a connector for the length of `body`.
func withConnector<D: VenueDriver>(
    _ driver: D, configuration: FeedConfiguration = testFeedConfiguration(),
    _ body: @Sendable (FeedConnector<D>) async throws -> Void
) async throws {
    var logger = Logger(label: "test.feed")
    logger.logLevel = .warning
    let connector = FeedConnector(driver: driver, configuration: configuration, logger: logger)
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { await connector.run() }
        defer { group.cancelAll() }
        try await body(connector)
    }
}

/// Waits until `predicate` holds for the connector's status (checked on every publication), or fails.
@discardableResult
func waitFor(
    _ status: LatestValue<FeedStatus>, timeout: Duration = .seconds(45), _ what: String,
    sourceLocation: SourceLocation = #_sourceLocation, _ predicate: @Sendable (FeedStatus) -> Bool
) async throws -> FeedStatus {
    let deadline = ContinuousClock.now + timeout
    var (value, version) = status.current
    while !predicate(value) {
        guard ContinuousClock.now < deadline else {
            Issue.record("timed out waiting for \(what); state \(value.state), counters \(value.counters), last issue \(value.lastIssue ?? "-")", sourceLocation: sourceLocation)
            throw CancellationError()
        }
        let seen = version
        let next = await withTaskGroup(of: (FeedStatus, UInt64)?.self) { group in
            group.addTask { await status.next(after: seen).map { ($0.value, $0.version) } }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(100))
                return nil
            }
            defer { group.cancelAll() }
            return await group.next() ?? nil
        }
        if let next { (value, version) = next } else { (value, version) = status.current }
    }
    return value
}

/// The top `depth` levels as exact decimal text, best first (books at different scales compare equal when they
/// hold the same numbers).
func levels(_ book: L2Book, scales: DecimalScales, depth: Int = 25) -> [String] {
    var rows: [String] = []
    for side in [Side.buy, .sell] {
        for level in book.top(side, depth) {
            rows.append("\(side == .buy ? "b" : "a") \(FixedPoint.format(level.price.rawValue, scale: scales.price)) "
                        + FixedPoint.format(level.quantity.rawValue, scale: scales.size))
        }
    }
    return rows
}

/// Pauses the flow, waits until the connector's book equals the venue's (top 25 levels), and resumes.
func expectSameBook<D: VenueDriver>(
    _ harness: SimulatorHarness, _ kind: SimulatedVenueKind, _ connector: FeedConnector<D>, pausing: Bool = true,
    sourceLocation: SourceLocation = #_sourceLocation
) async throws {
    // Paused here unless the caller holds the market still itself (several connectors compared in turn).
    if pausing { await harness.simulator.pause() }
    defer { if pausing { harness.simulator.resume() } }
    let venue = harness.venue(kind)
    let symbol = connector.status.current.value.symbol
    let reference = try #require(await venue.book(symbol))
    let instrument = try #require(await venue.instruments.first { $0.symbol.uppercased() == symbol.uppercased() })
    // Kraken books hold the subscribed depth (10); the others the whole book (compared on their top 25).
    let depth = kind == .kraken ? 10 : 25
    let expected = levels(reference, scales: DecimalScales(price: instrument.priceScale, size: instrument.sizeScale), depth: depth)
    #expect(!expected.isEmpty, sourceLocation: sourceLocation)
    // Diffs of the last step may still be in flight: wait for the connector to catch up.
    let status = try await waitFor(connector.status, timeout: .seconds(30), "book equal to the venue's", sourceLocation: sourceLocation) {
        $0.state == .live && levels($0.book, scales: $0.scales, depth: depth) == expected
    }
    #expect(status.book.checkInvariants() == nil, sourceLocation: sourceLocation)
    #expect(!status.book.isCrossed, sourceLocation: sourceLocation)
}
