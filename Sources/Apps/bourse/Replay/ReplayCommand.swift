import ArgumentParser
import BourseCore
import Feeds
import Foundation
import MarketData
import MarketDataRecording
import OrderBook

/// `bourse replay FILE...`: rebuilds a venue's book from recorded frames and prints the result.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Replay recorded market data through the venue's book synchroniser.",
        discussion: """
            FILEs are cryptofeed captures (<EXCH>.ws.<n>.0 and <EXCH>.http.0.0, merged by time) or hftbacktest
            captures (<ns> <json> lines, gzipped or not; several files in order form one stream). The output
            ends with one JSON object (--json) or a short summary: counters and the top --depth levels.

            With --connector the frames go through the live connector's own driver, as `bourse record` wrote
            them: reconnects reset the book, recorded REST snapshots are applied where the connector applied
            them, and every venue of `bourse feeds` works (kraken is websocket v2 there, bitstamp-top the
            top-100 channel); --symbol is then the canonical symbol (BTC/USDT).
            """
    )

    @Argument(help: "Recording files.")
    var files: [String]

    @Option(
        help: """
            Venue: \(ReplayVenue.allCases.map(\.rawValue).joined(separator: ", ")); with --connector: \
            \(VenueDirectory.venues.joined(separator: ", ")).
            """)
    var venue = "binance"

    @Option(help: "Symbol as the venue writes it (BTCUSDT); with --connector the canonical symbol (BTC/USDT).")
    var symbol: String

    @Flag(help: "Replay through the venue connector's driver (recordings made by `bourse record`).")
    var connector = false

    @Flag(help: "Print one JSON object.")
    var json = false

    @Option(help: "Levels per side in the output.")
    var depth = 20

    @Option(help: "Pace: 0 replays as fast as possible; 1 at the recorded speed (frames wait for their receive time); 10 ten times faster.")
    var speed: Double = 0

    func validate() throws {
        if depth < 0 { throw ValidationError("--depth must be zero or more") }
        if speed < 0 { throw ValidationError("--speed must be zero or more") }
        if files.isEmpty { throw ValidationError("give at least one recording file") }
        if connector {
            guard VenueDirectory.venues.contains(venue) else {
                throw ValidationError("--venue with --connector: \(VenueDirectory.venues.joined(separator: ", "))")
            }
            guard CanonicalSymbol(symbol) != nil else { throw ValidationError("cannot read symbol '\(symbol)'") }
        } else if ReplayVenue(rawValue: venue) == nil {
            throw ValidationError("--venue: \(ReplayVenue.allCases.map(\.rawValue).joined(separator: ", ")) (more with --connector)")
        }
    }

    func run() throws {
        // On a terminal, a progress line while large captures are read, parsed and replayed.
        var loading: ((RecordingLoader.Progress) -> Void)?
        if isatty(2) == 1 { loading = { Self.showLoading($0) } }
        let frames = try RecordingLoader.load(paths: files, progress: loading)
        let summary: ReplaySummary
        if connector {
            // Replayed frames never touch the network: the addresses only name the streams.
            let endpoint = VenueEndpoint(websocket: "ws://replay.invalid", rest: "http://replay.invalid")
            guard let symbol = CanonicalSymbol(symbol),
                let driver = VenueDirectory.driver(venue: venue, symbol: symbol, endpoint: endpoint)
            else { throw ValidationError("no \(venue) connector for '\(self.symbol)'") }
            var replay = DriverReplay(driver: AnyVenueDriver(driver))
            play(frames) { replay.feed($0) }
            summary = ReplaySummary(venue: venue, symbol: self.symbol, driver: replay.driver, depth: depth)
        } else {
            guard var replay = ReplayVenue(rawValue: venue)?.makeReplay(symbol: symbol) else {
                throw ValidationError("symbol '\(symbol)' is too long")
            }
            play(frames) { replay.feed($0) }
            summary = ReplaySummary(venue: venue, symbol: symbol, replay: replay, depth: depth)
        }
        print(json ? summary.json() : summary.text())
    }

    /// Hands every frame to `feed`, paced by `--speed`, with progress on a terminal.
    private func play(_ frames: [RecordedFrame], _ feed: (RecordedFrame) -> Void) {
        let progress = isatty(2) == 1
        let start = ContinuousClock.now
        let firstTime = frames.first?.time ?? 0
        for (n, frame) in frames.enumerated() {
            if speed > 0 {
                // Recorded speed: wait until this frame's offset (receive time since the first frame) / speed.
                let offset = Duration.nanoseconds(Int64(Double(frame.time - firstTime) / speed))
                let due = start + offset
                if due > ContinuousClock.now { Thread.sleep(forTimeInterval: Self.seconds(due - ContinuousClock.now)) }
            }
            feed(frame)
            if progress && n % 10_000 == 0 {
                FileHandle.standardError.write(Data("\rreplayed \(n)/\(frames.count) frames".utf8))
            }
        }
        if progress { FileHandle.standardError.write(Data("\rreplayed \(frames.count)/\(frames.count) frames\n".utf8)) }
    }

    static func showLoading(_ progress: RecordingLoader.Progress) {
        switch progress {
        case .reading(let path, let bytes, let total):
            let share = total > 0 ? " \(bytes * 100 / total)%" : ""
            FileHandle.standardError.write(Data("\rreading \(path)\(share)\u{1B}[K".utf8))
        case .parsed(let path, let lines, let total):
            FileHandle.standardError.write(Data("\rparsed \(lines)/\(total) lines of \(path)\u{1B}[K".utf8))
            if lines == total { FileHandle.standardError.write(Data("\n".utf8)) }
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
