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

    func validate() throws {
        if depth < 0 { throw ValidationError("--depth must be zero or more") }
        if files.isEmpty { throw ValidationError("give at least one recording file") }
    }

    func run() throws {
        guard var replay = venue.makeReplay(symbol: symbol) else {
            throw ValidationError("symbol '\(symbol)' is too long")
        }
        let frames = try RecordingLoader.load(paths: files)
        let progress = isatty(2) == 1
        for (n, frame) in frames.enumerated() {
            replay.feed(frame)
            if progress && n % 10_000 == 0 {
                FileHandle.standardError.write(Data("\rreplayed \(n)/\(frames.count) frames".utf8))
            }
        }
        if progress { FileHandle.standardError.write(Data("\rreplayed \(frames.count)/\(frames.count) frames\n".utf8)) }
        let summary = ReplaySummary(venue: venue.rawValue, symbol: symbol, replay: replay, depth: depth)
        print(json ? summary.json() : summary.text())
    }
}
