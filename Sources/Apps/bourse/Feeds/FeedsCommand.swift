import ArgumentParser
import BourseCore
import Feeds
import Foundation
import Logging
import MarketData
import MarketDataRecording
import OrderBook

/// Venue selection shared by `bourse feeds` and `bourse record`.
struct VenueOptions: ParsableArguments {
    @Option(help: "Canonical symbol (BTC/USDT, ETH/BTC; BTCUSDT and XBTUSD are understood too).")
    var symbol = "BTC/USDT"

    @Flag(help: "Connect to the real venues instead of the simulated ones on loopback.")
    var real = false

    @Option(help: "Host of the simulated venues.")
    var host = "127.0.0.1"

    @Option(parsing: .singleValue, help: "Address override: VENUE=WS_URL[,REST_URL] (repeatable).")
    var endpoint: [String] = []

    @Flag(help: "Load each venue's instrument list (exchangeInfo and equivalents) to name the symbol exactly.")
    var loadInstruments = false

    func canonical() throws -> CanonicalSymbol {
        guard let symbol = CanonicalSymbol(symbol) else { throw ValidationError("cannot read symbol '\(symbol)'") }
        return symbol
    }

    func endpoint(of venue: String) throws -> VenueEndpoint {
        for item in endpoint {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, parts[0] == venue else { continue }
            let urls = parts[1].split(separator: ",").map(String.init)
            return VenueEndpoint(websocket: urls[0], rest: urls.count > 1 ? urls[1] : "")
        }
        guard let found = real ? VenueDirectory.real(venue) : VenueDirectory.local(venue, host: host) else {
            throw ValidationError("unknown venue '\(venue)' (known: \(VenueDirectory.venues.joined(separator: ", ")))")
        }
        return found
    }

    /// The venue's instrument map when `--load-instruments` asks for it (fetched from its REST address; venues
    /// without a REST instrument list, such as Kraken's websocket-only feed, keep the usual spellings).
    func instrumentMap(_ venue: String) async throws -> SymbolMap? {
        guard loadInstruments, SymbolMapLoader.path(of: venue) != nil else { return nil }
        do {
            return try await SymbolMapLoader.load(venue: venue, restBase: try endpoint(of: venue).rest)
        } catch {
            throw ValidationError("\(venue): cannot load its instruments: \(error)")
        }
    }

    func connector(
        _ venue: String, configuration: FeedConfiguration = .init(), map: SymbolMap? = nil,
        tap: (@Sendable (RecordedFrame) -> Void)? = nil
    ) throws -> FeedConnector<AnyVenueDriver> {
        guard let driver = VenueDirectory.driver(venue: venue, symbol: try canonical(), endpoint: try endpoint(of: venue), map: map) else {
            throw ValidationError("no connector for '\(venue)' and \(symbol)")
        }
        var logger = Logger(label: "bourse.feed")
        logger.logLevel = .warning
        return FeedConnector(driver: AnyVenueDriver(driver), configuration: configuration, logger: logger, tap: tap)
    }
}

/// `bourse feeds`: supervised connectors, one per venue, with a live status table.
struct FeedsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds",
        abstract: "Keep local order books of several venues and show their state, counters and top of book.",
        discussion: """
            By default the venues are the simulated ones of `bourse venues` on loopback; --real connects to the
            exchanges themselves with the same code. Each connector is supervised on its own: a venue going down
            never stops the others.
            """
    )

    @OptionGroup var venueOptions: VenueOptions

    @Option(help: "Venues, comma-separated.")
    var venues = "binance,coinbase,bitstamp,bitmex"

    @Option(help: "Stop after this many seconds (0: run until interrupted).")
    var seconds: Double = 0

    @Flag(help: "At the end print one JSON object per venue (state, counters, best bid and ask).")
    var json = false

    func run() async throws {
        var connectors: [FeedConnector<AnyVenueDriver>] = []
        for venue in venues.split(separator: ",").map(String.init) {
            connectors.append(try venueOptions.connector(venue, map: try await venueOptions.instrumentMap(venue)))
        }
        let interactive = isatty(1) == 1 && !json
        let statuses = try await withThrowingTaskGroup(of: Void.self) { group in
            for connector in connectors { group.addTask { await connector.run() } }
            let start = ContinuousClock.now
            while seconds == 0 || ContinuousClock.now - start < .milliseconds(Int64(seconds * 1000)) {
                try await Task.sleep(for: .milliseconds(seconds > 0 ? min(1000, Int64(seconds * 1000)) : 1000))
                if interactive || (!json && seconds == 0) {
                    if interactive { print("\u{1B}[H\u{1B}[2J", terminator: "") }
                    print(Self.table(connectors.map(\.status.current.value)))
                }
            }
            defer { group.cancelAll() }
            return connectors.map(\.status.current.value)
        }
        print(json ? statuses.map(Self.json).joined(separator: "\n") : Self.table(statuses))
    }

    static func price(_ level: L2Level?, _ scales: DecimalScales) -> String {
        guard let level else { return "-" }
        return FixedPoint.format(level.price.rawValue, scale: scales.price) + " x "
            + FixedPoint.format(level.quantity.rawValue, scale: scales.size)
    }

    static func table(_ statuses: [FeedStatus]) -> String {
        var lines = ["venue            state       msgs  applied gaps resync reconn fail  best bid / best ask"]
        for s in statuses {
            let c = s.counters
            func pad(_ text: String, _ n: Int) -> String { text.count >= n ? text : text + String(repeating: " ", count: n - text.count) }
            func lpad(_ v: Int, _ n: Int) -> String { let t = String(v); return String(repeating: " ", count: max(0, n - t.count)) + t }
            lines.append(pad(s.venue + " " + s.symbol, 16) + " " + pad(s.state.rawValue, 10) + lpad(c.messages, 6) + lpad(c.applied, 9)
                + lpad(c.gaps, 5) + lpad(c.resyncs, 7) + lpad(c.reconnects, 7) + lpad(c.connectFailures, 5) + "  "
                + price(s.book.bestBid, s.scales) + " / " + price(s.book.bestAsk, s.scales)
                + (s.state == .live || s.lastIssue == nil ? "" : "  (" + s.lastIssue! + ")"))
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ s: FeedStatus) -> String {
        let c = s.counters
        func level(_ l: L2Level?) -> String {
            guard let l else { return "null" }
            return "[\"\(FixedPoint.format(l.price.rawValue, scale: s.scales.price))\",\"\(FixedPoint.format(l.quantity.rawValue, scale: s.scales.size))\"]"
        }
        return "{\"venue\":\"\(s.venue)\",\"symbol\":\"\(s.symbol)\",\"state\":\"\(s.state)\",\"messages\":\(c.messages),"
            + "\"applied\":\(c.applied),\"gaps\":\(c.gaps),\"resyncs\":\(c.resyncs),\"reconnects\":\(c.reconnects),"
            + "\"connect_failures\":\(c.connectFailures),\"snapshots\":\(c.snapshots),\"parse_errors\":\(c.parseErrors),"
            + "\"crossed\":\(c.crossed),\"stale_events\":\(c.staleEvents),\"best_bid\":\(level(s.book.bestBid)),"
            + "\"best_ask\":\(level(s.book.bestAsk))}"
    }
}

/// `bourse record`: writes what a connector receives (with receive times) to a file `bourse replay` reads.
struct RecordCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "record",
        abstract: "Record a venue's raw market-data frames (cryptofeed text format, gzip if the name ends in .gz).",
        discussion: "Replay with: bourse replay FILE --connector --venue VENUE --symbol BTC/USDT --json"
    )

    @OptionGroup var venueOptions: VenueOptions

    @Option(help: "Venue.")
    var venue = "binance"

    @Option(help: "Output file.")
    var out: String

    @Option(help: "Stop after this many seconds (0: run until interrupted).")
    var seconds: Double = 10

    func run() async throws {
        let writer = try RecordingWriter(path: out)
        let count = FrameCount()
        let connector = try venueOptions.connector(venue, map: try await venueOptions.instrumentMap(venue)) { frame in
            writer.write(frame)
            count.add()
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await connector.run() }
            if seconds > 0 {
                try await Task.sleep(for: .milliseconds(Int64(seconds * 1000)))
            } else {
                while !Task.isCancelled { try await Task.sleep(for: .seconds(1)) }
            }
            group.cancelAll()
        }
        writer.close()
        let status = connector.status.current.value  // after the run: state down, counters final
        print("recorded \(count.value) items from \(status.venue) \(status.symbol) to \(out) (state \(status.state), "
              + "\(status.counters.applied) updates applied)")
    }
}

/// A counter the recording tap bumps.
final class FrameCount: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}

import Synchronization
