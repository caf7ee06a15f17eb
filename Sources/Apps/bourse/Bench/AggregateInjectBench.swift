import Aggregator
import ArgumentParser
import BourseCore
import Feeds
import Foundation
import Logging
import MarketData
import OrderBook
import Synchronization
import VenueSimulator

/// `bourse bench aggregate --inject`: the in-process part of the market-data path at a chosen frame rate, without
/// sockets or the simulator's clock. The simulated venues' frames (their own wire formats, from their own
/// engines) are generated first; then one task hands them, paced at `--frames-per-sec` round-robin over the
/// venues, to each venue's driver (parse + sync + apply, the connector's code), publishes the venue's status as the
/// connector does, and the consolidated book's merge runs on that publication and builds the summary; then the
/// gRPC message of that summary is built and serialized, as a subscriber's stream does. Latencies per frame (every
/// frame, no conflation), from the time it was handed over: to the book applied (`receive_us`), to the summary
/// built (`frame_to_summary_us`) and to the serialized gRPC message (`frame_to_message_us`).
struct AggregateInjectBench {
    let venues: [String]
    let framesPerSecond: Double
    let seconds: Double
    let rate: Double
    /// Busy-wait until each frame is due instead of sleeping: the feeding thread stays on its core with warm caches,
    /// as a feed handler that polls its socket does. Sleeping between frames (the default) adds the wake-up.
    var spin = false

    /// One venue's frames and the REST snapshot its driver will ask for.
    struct Capture {
        var frames: [[UInt8]] = []
        var snapshot: [UInt8] = []
    }

    func run() async throws {
        let symbol = CanonicalSymbol(base: "BTC", quote: "USDT")
        let warmUp = 1.0
        let perVenue = Int((seconds + warmUp) * framesPerSecond / Double(venues.count)) + 1
        var drivers: [AnyVenueDriver] = []
        var captures: [Capture] = []
        for (index, name) in venues.enumerated() {
            guard let kind = SimulatedVenueKind(rawValue: name), let endpoint = VenueDirectory.local(name, port: 1),
                let driver = VenueDirectory.driver(venue: name, symbol: symbol, endpoint: endpoint)
            else { throw ValidationError("unknown venue \(name)") }
            drivers.append(AnyVenueDriver(driver))
            captures.append(try await Self.capture(kind, driver: driver, frames: perVenue, rate: rate, seed: UInt64(index)))
        }
        var logger = Logger(label: "bench.aggregate")
        logger.logLevel = .critical
        let statuses = drivers.map { driver in
            LatestValue(FeedStatus(venue: driver.venue, symbol: driver.symbol, state: .connecting, counters: FeedCounters(),
                                   book: L2Book(), scales: driver.scales))
        }
        let aggregator = SymbolAggregator(symbol: symbol, connectors: [], levels: 10, logger: logger)
        let total = captures.map(\.frames.count).min()! * captures.count
        let latencies = LatencyBox(capacity: total, venues: venues.count)
        let receiveLatencies = LatencyBox(capacity: total, venues: venues.count)
        let messageLatencies = LatencyBox(capacity: total, venues: venues.count)
        let pace = framesPerSecond
        let spin = self.spin
        let frozen = captures
        let initialDrivers = drivers
        let start = ContinuousClock.now + .milliseconds(100)
        let measureFrom = Int(warmUp * pace)
        await aggregator.run(statuses: statuses) {
            var drivers = initialDrivers
            var counters = Array(repeating: FeedCounters(), count: drivers.count)
            // As the gRPC service's message cache does: the previous message's unchanged rows are copied.
            var encoder = SummaryWire.Encoder()
            for k in 0..<total {
                let venue = k % drivers.count
                let due = start + .nanoseconds(Int64(Double(k) / pace * 1e9))
                if spin {
                    while ContinuousClock.now < due {}
                } else if due > ContinuousClock.now {
                    try? await Task.sleep(until: due, tolerance: .microseconds(10))
                }
                let handed = WallClock.nanoseconds()
                counters[venue].messages += 1
                counters[venue].lastReceiveTime = handed
                if case .fetchSnapshot = drivers[venue].receive(frozen[venue].frames[k / drivers.count], at: handed) {
                    _ = drivers[venue].receiveSnapshot(frozen[venue].snapshot, at: handed)
                }
                let applied = WallClock.nanoseconds()
                // Read in place, as the connector does (a copy of the driver would retain all it holds).
                counters[venue].applied = drivers[venue].syncCounters.applied
                counters[venue].gaps = drivers[venue].syncCounters.gaps
                counters[venue].lastExchangeTime = drivers[venue].exchangeTime
                let synced = drivers[venue].isSynced
                statuses[venue].publish(
                    FeedStatus(venue: drivers[venue].venue, symbol: drivers[venue].symbol, state: synced ? .live : .syncing,
                               counters: counters[venue], book: synced ? drivers[venue].book : L2Book(), scales: drivers[venue].scales))
                // The merge ran inside `publish`: the newest summary is this frame's.
                let summary = aggregator.summaries.current.value
                let bytes = encoder.encode(summary, levels: 10)
                let sent = WallClock.nanoseconds()
                if k >= measureFrom {
                    receiveLatencies.append(applied - handed, venue: venue)
                    latencies.append(summary.timestamp - handed, venue: venue)
                    messageLatencies.append(bytes.isEmpty ? .max : sent - handed, venue: venue)
                }
            }
            let elapsed = ContinuousClock.now - start
            latencies.elapsed = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            latencies.gaps = drivers.reduce(0) { $0 + $1.syncCounters.gaps }
            latencies.live = drivers.filter(\.isSynced).count
        }
        let sorted = latencies.values.sorted()
        func percentile(_ q: Double, _ sorted: [Int64] = sorted) -> Double {
            sorted.isEmpty ? 0 : Double(sorted[min(sorted.count - 1, Int(q * Double(sorted.count - 1)))]) / 1_000
        }
        func percentiles(_ box: LatencyBox) -> String {
            let values = box.values.sorted()
            return "{\"p50\":\(percentile(0.5, values)),\"p99\":\(percentile(0.99, values)),\"p999\":\(percentile(0.999, values)),"
                + "\"max\":\(percentile(1, values))}"
        }
        let venueRows = venues.enumerated().map { index, name in
            let values = latencies.byVenue[index].sorted()
            return "\"\(name)\":{\"p50\":\(percentile(0.5, values)),\"p99\":\(percentile(0.99, values))}"
        }
        let achieved = Double(total) / latencies.elapsed
        print("{\"bench\":\"aggregate-inject\",\"venues\":\(venues.count),\"spin\":\(spin),\"frames\":\(total),\"frames_per_sec_asked\":\(Int(pace)),"
              + "\"frames_per_sec\":\(Int(achieved)),\"live_venues\":\(latencies.live),\"gaps\":\(latencies.gaps),"
              + "\"samples\":\(sorted.count),\"receive_us\":\(percentiles(receiveLatencies)),"
              + "\"frame_to_summary_us\":\(percentiles(latencies)),\"frame_to_message_us\":\(percentiles(messageLatencies)),"
              + "\"by_venue_us\":{\(venueRows.joined(separator: ","))}}")
    }

    /// Subscribes to one simulated venue without a socket, steps its market until `frames` diffs went out, and
    /// keeps the REST snapshot its driver needs (taken after the first step, so it bridges to the diffs).
    static func capture(_ kind: SimulatedVenueKind, driver: any VenueDriver, frames: Int, rate: Double, seed: UInt64)
        async throws -> Capture
    {
        let venue = try SimulatedVenue(kind: kind, instruments: [SimulatedInstrument.defaults[0]], seed: 42 &+ seed)
        let (id, stream) = await venue.connect()
        switch kind {
        case .binance, .binanceFutures:
            let path = driver.streamURL.split(separator: "/").last.map(String.init) ?? ""
            await venue.binanceFollow(id, streams: [path], combined: false)
        default:
            for text in driver.subscriptions { await venue.handleClientFrame(id, text) }
        }
        var capture = Capture()
        // A reader drains the subscriber's queue while the market steps (the venue drops a subscriber that falls
        // 20,000 frames behind).
        let collected = Mutex<[[UInt8]]>([])
        let reader = Task {
            for await text in stream { collected.withLock { $0.append(Array(text.utf8)) } }
        }
        var steps = 0
        while collected.withLock({ $0.count }) < frames {
            await venue.step(fair: [:], rate: rate, seconds: 0.001)
            steps += 1
            if steps == 1 {
                switch kind {
                case .binance, .binanceFutures: capture.snapshot = Array((await venue.binanceDepth(symbol: driver.symbol, limit: 5_000) ?? "").utf8)
                case .bitstamp: capture.snapshot = Array((await venue.bitstampOrderBook(pair: driver.symbol) ?? "").utf8)
                default: break
                }
            }
            if steps % 64 == 0 { await Task.yield() }
        }
        await venue.disconnect(id)
        await reader.value
        capture.frames = collected.withLock { $0 }
        return capture
    }
}

/// The latency samples of one run (written by the one feeding task, read after it).
final class LatencyBox: @unchecked Sendable {
    var values: [Int64]
    var byVenue: [[Int64]]
    var elapsed = 0.0
    var gaps = 0
    var live = 0
    init(capacity: Int, venues: Int) {
        values = []
        values.reserveCapacity(capacity)
        byVenue = Array(repeating: [], count: venues)
    }
    func append(_ value: Int64, venue: Int) {
        values.append(value)
        byVenue[venue].append(value)
    }
}
