import ArgumentParser
import Foundation
import MarketData
import MarketDataRecording

/// `bourse bench feed`: parse + book-apply throughput on recorded frames held in memory.
struct FeedBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed",
        abstract: "Market-data parse + apply throughput over a recording (byte parser and Foundation JSONDecoder).",
        discussion: """
            Loads every received frame and depth snapshot into memory, then replays them through a fresh
            synchroniser per pass, repeating until --min-seconds have passed; then the same with Foundation's
            JSONDecoder as the parser. messages counts the symbol's depth messages (diff events and snapshots:
            the messages that carry level updates); frames counts every frame parsed, bookTicker and trade
            included; level_updates the price levels of those depth messages. Build with -c release.
            """
    )

    @Argument(help: "Recording files (as for `bourse replay`).")
    var files: [String]

    @Option(help: "Venue: binance or binance-futures.")
    var venue: ReplayVenue = .binance

    @Option(help: "Symbol whose book is kept.")
    var symbol = "BTCUSDT"

    @Option(help: "Minimum timed duration of each measurement.")
    var minSeconds = 1.0

    @Flag(help: "Skip the Foundation JSONDecoder comparison.")
    var noFoundation = false

    func validate() throws {
        guard venue == .binance || venue == .binanceFutures else {
            throw ValidationError("bench feed measures the Binance parser: --venue binance or binance-futures")
        }
    }

    func run() throws {
        let rules: BinanceBookRules = venue == .binance ? .spot : .usdMFutures
        guard let fresh = BinanceReplay(symbol: symbol, rules: rules) else {
            throw ValidationError("symbol '\(symbol)' is longer than \(VenueSymbol.capacity) bytes")
        }
        let frames = try RecordingLoader.load(paths: files).filter {
            $0.kind == .received || ($0.kind == .http && ($0.url ?? "").contains("depth"))
        }
        let bytes = frames.reduce(0) { $0 + $1.payload.count }

        var fastLevels = 0
        var depthMessages = 0
        var check = BookSyncCounters()
        let fast = Self.measure(minSeconds: minSeconds) {
            var replay = fresh
            for frame in frames { replay.feed(frame) }
            fastLevels = replay.levelUpdates
            depthMessages = replay.depthMessages
            check = replay.sync.counters
        }
        var fields: [(String, String)] = [
            ("venue", "\"\(venue.rawValue)\""), ("symbol", "\"\(symbol)\""),
            ("frames", "\(frames.count)"), ("bytes", "\(bytes)"), ("passes", "\(fast.passes)"),
            ("messages", "\(depthMessages * fast.passes)"), ("level_updates", "\(fastLevels * fast.passes)"),
            ("applied_per_pass", "\(check.applied)"), ("gaps_per_pass", "\(check.gaps)"),
            ("seconds", String(format: "%.6f", fast.seconds)),
            ("messages_per_sec", String(format: "%.0f", Double(depthMessages * fast.passes) / fast.seconds)),
            ("level_updates_per_sec", String(format: "%.0f", Double(fastLevels * fast.passes) / fast.seconds)),
            ("frames_per_sec", String(format: "%.0f", Double(frames.count * fast.passes) / fast.seconds)),
            ("mb_per_sec", String(format: "%.1f", Double(bytes * fast.passes) / fast.seconds / 1e6)),
        ]
        if !noFoundation {
            var foundationCheck = BookSyncCounters()
            let decoder = JSONDecoder()
            let slow = Self.measure(minSeconds: minSeconds) {
                var sync = BinanceBookSync(rules: rules)
                let wanted = VenueSymbol(symbol.uppercased())
                for frame in frames {
                    guard
                        frame.kind == .received
                            || (frame.url ?? "").uppercased().contains("SYMBOL=\(symbol.uppercased())")
                    else { continue }
                    guard let decoded = try? decoder.decode(FoundationBinanceFrame.self, from: Data(frame.payload))
                    else { continue }
                    if let update = decoded.update, update.symbol == wanted { _ = sync.handle(update) }
                    if let snapshot = decoded.snapshot { _ = sync.handle(snapshot) }
                }
                foundationCheck = sync.counters
            }
            fields += [
                ("foundation_seconds", String(format: "%.6f", slow.seconds)),
                (
                    "foundation_messages_per_sec",
                    String(format: "%.0f", Double(depthMessages * slow.passes) / slow.seconds)
                ),
                ("foundation_same_result", foundationCheck == check ? "true" : "false"),
            ]
        }
        print("{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}")
    }

    /// Runs `pass` until at least `minSeconds` have passed (at least once); returns passes and seconds.
    static func measure(minSeconds: Double, _ pass: () -> Void) -> (passes: Int, seconds: Double) {
        let clock = ContinuousClock()
        let start = clock.now
        var passes = 0
        var elapsed = Duration.zero
        repeat {
            pass()
            passes += 1
            elapsed = clock.now - start
        } while elapsed < .seconds(minSeconds)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        return (passes, seconds)
    }
}
