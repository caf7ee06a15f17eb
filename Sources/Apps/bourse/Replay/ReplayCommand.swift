import ArgumentParser
import BourseCore
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
            """
    )

    @Argument(help: "Recording files.")
    var files: [String]

    @Option(help: "Venue: \(ReplayVenue.allCases.map(\.rawValue).joined(separator: ", ")).")
    var venue: ReplayVenue = .binance

    @Option(help: "Symbol as the venue writes it (BTCUSDT).")
    var symbol: String

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
    }

    func run() throws {
        guard var replay = venue.makeReplay(symbol: symbol) else {
            throw ValidationError("symbol '\(symbol)' is too long")
        }
        let frames = try RecordingLoader.load(paths: files)
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
            replay.feed(frame)
            if progress && n % 10_000 == 0 {
                FileHandle.standardError.write(Data("\rreplayed \(n)/\(frames.count) frames".utf8))
            }
        }
        if progress { FileHandle.standardError.write(Data("\rreplayed \(frames.count)/\(frames.count) frames\n".utf8)) }
        let summary = ReplaySummary(venue: venue.rawValue, symbol: symbol, replay: replay, depth: depth)
        print(json ? summary.json() : summary.text())
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
