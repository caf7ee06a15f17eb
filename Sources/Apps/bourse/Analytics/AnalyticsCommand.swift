import Analytics
import ArgumentParser
import BourseCore
import Feeds
import Foundation
import MarketData
import MarketDataRecording
import OrderBook

/// `bourse analytics`: per-symbol top-of-book analytics and spread alerts, one concurrent pipeline per symbol.
struct AnalyticsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "analytics",
        abstract: "Mid, spread (absolute, bps), microprice, imbalance and spread alerts per symbol, as JSON lines.",
        discussion: """
            Live: one supervised connector per symbol on --venue (the simulated venues by default, --real for the
            exchange). Replay: --replay FILE... feeds a recording (e.g. the Coinbase level2 capture in
            ../shared/data) through the venue's book keeper; frames are routed by product to the symbols'
            pipelines, which run in parallel. Alerts fire when spread / ask > --min-spread.
            """
    )

    @Option(help: "Symbols, comma-separated (BTC/USD,ETH/USD or the venue's names).")
    var symbols = "BTC/USDT,ETH/BTC"

    @Option(help: "Alert when spread / ask exceeds this (0.0001 = 1 bp of the ask).")
    var minSpread = "0.0001"

    @Option(help: "Venue.")
    var venue = "coinbase"

    @Option(parsing: .upToNextOption, help: "Replay these recording files instead of connecting.")
    var replay: [String] = []

    @Option(name: .customLong("repeat"), help: "Replay the recording this many times (benchmark).")
    var repeatCount = 1

    @Flag(help: "Print every top-of-book change, not only alerts.")
    var all = false

    @Flag(help: "Print nothing per event; end with a JSON summary (benchmark).")
    var quiet = false

    @Option(help: "Live mode: stop after this many seconds (0: until interrupted).")
    var seconds: Double = 0

    @Flag(help: "Live mode: the real venue instead of the simulated one.")
    var real = false

    func run() async throws {
        let filter = try SpreadAlertFilter(threshold: minSpread)
        let names = symbols.split(separator: ",").map { String($0) }
        if replay.isEmpty {
            try await runLive(names, filter: filter)
        } else {
            try runReplay(names, filter: filter)
        }
    }

    /// A venue symbol name: canonical spellings are mapped to the venue's, others are taken as they are.
    func venueName(_ text: String) -> String {
        text.contains("/") ? (CanonicalSymbol(text)?.name(on: venue) ?? text) : text
    }

    // MARK: Replay

    func runReplay(_ names: [String], filter: SpreadAlertFilter) throws {
        guard let venueKind = ReplayVenue(rawValue: venue) else { throw ValidationError("unknown venue \(venue)") }
        let frames = try RecordingLoader.load(paths: replay)
        let symbolNames = names.map(venueName)
        let quiet = self.quiet, all = self.all, repeatCount = max(1, repeatCount)
        let start = ContinuousClock.now
        // Route: one pass finds each frame's product and hands it to that symbol's stream.
        var routing = [[RecordedFrame]](repeating: [], count: symbolNames.count)
        let keys = symbolNames.map { Array("\"\($0)\"".utf8) }
        for frame in frames {
            for (index, key) in keys.enumerated() where frame.payload.contains(subsequence: key) {
                routing[index].append(frame)
            }
        }
        let routed = routing
        let results = Results(count: symbolNames.count)
        DispatchQueue.concurrentPerform(iterations: symbolNames.count) { index in
            guard var book = venueKind.makeReplay(symbol: symbolNames[index]) else { return }
            var pipeline = SymbolPipeline(
                symbol: symbolNames[index], priceScale: book.scales.price, sizeScale: book.scales.size, filter: filter)
            var lines: [String] = []
            var messages = 0
            for _ in 0..<repeatCount {
                book = venueKind.makeReplay(symbol: symbolNames[index])!
                for frame in routed[index] {
                    messages += 1
                    let applied = book.counters.applied + book.counters.snapshots
                    book.feed(frame)
                    guard book.counters.applied + book.counters.snapshots != applied,
                          let output = pipeline.observe(book.currentBook) else { continue }
                    if !quiet && (all || output.alert) { lines.append(pipeline.jsonLine(output, time: frame.time)) }
                }
            }
            results.set(index, (messages, pipeline.quoted, pipeline.alerts, lines))
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let entries = results.all()
        for entry in entries { for line in entry.lines { print(line) } }
        let total = frames.count * repeatCount
        var alerts: [String] = []
        for (name, entry) in zip(symbolNames, entries) { alerts.append("\"\(name)\":\(entry.alerts)") }
        let rate = Int(Double(total) / seconds)
        let processed = entries.reduce(0) { $0 + $1.messages }
        let head = "{\"type\":\"summary\",\"frames\":\(frames.count),\"repeat\":\(repeatCount),\"messages\":\(total),\"pipeline_messages\":\(processed),"
        let middle = "\"symbols\":\(symbolNames.count),\"seconds\":\(String(format: "%.3f", seconds)),\"messages_per_sec\":\(rate),"
        print(head + middle + "\"alerts\":{" + alerts.joined(separator: ",") + "}}")
    }

    // MARK: Live

    func runLive(_ names: [String], filter: SpreadAlertFilter) async throws {
        let all = self.all, quiet = self.quiet
        try await withThrowingTaskGroup(of: Void.self) { group in
            for name in names {
                var options = try VenueOptions.parse(["--symbol", name] + (real ? ["--real"] : []))
                options.symbol = name
                let connector = try options.connector(venue)
                group.addTask { await connector.run() }
                group.addTask {
                    let status = connector.status.current.value
                    var pipeline = SymbolPipeline(
                        symbol: status.symbol, priceScale: status.scales.price, sizeScale: status.scales.size, filter: filter)
                    var version: UInt64 = 0
                    while let (status, next) = await connector.status.next(after: version) {
                        version = next
                        guard status.state == .live, let output = pipeline.observe(status.book) else { continue }
                        if !quiet && (all || output.alert) {
                            print(pipeline.jsonLine(output, time: status.counters.lastReceiveTime))
                        }
                    }
                }
            }
            if seconds > 0 {
                try await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
                group.cancelAll()
            }
            try await group.waitForAll()
        }
    }
}

/// Per-symbol results written by the parallel pipelines.
final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [(messages: Int, quoted: Int, alerts: Int, lines: [String])]
    init(count: Int) { entries = Array(repeating: (0, 0, 0, []), count: count) }
    func set(_ index: Int, _ entry: (Int, Int, Int, [String])) {
        lock.lock()
        entries[index] = entry
        lock.unlock()
    }
    func all() -> [(messages: Int, quoted: Int, alerts: Int, lines: [String])] {
        lock.lock()
        defer { lock.unlock() }
        return entries
    }
}
