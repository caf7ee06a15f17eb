import BourseCore
import MarketData
import MarketDataRecording
import OrderBook
import Testing

@Suite("BinanceReplay")
struct BinanceReplayTests {
    static let cases: [(Captures.Capture, String)] = Captures.binance.flatMap { c in c.symbols.map { (c, $0) } }

    @Test(
        "every Binance capture replays with no gap, never crossed, and ends equal to the reference book",
        arguments: cases)
    func replay(capture: Captures.Capture, symbol: String) throws {
        let frames = try RecordingLoader.load(paths: capture.files)
        var replay = try #require(BinanceReplay(symbol: symbol, rules: capture.rules))
        var reference = ReferenceBinanceBook(symbol: symbol, futures: capture.rules == .usdMFutures)
        for frame in frames {
            replay.feed(frame)
            reference.feed(frame)
        }
        let counters = replay.sync.counters
        #expect(replay.errors == 0)
        #expect(counters.gaps == 0)
        #expect(counters.crossed == 0)
        #expect(counters.snapshots == 1)
        #expect(counters.applied == reference.applied)
        #expect(reference.gaps == 0)
        if symbol != "RUNEEUR" { #expect(counters.applied > 0) }
        let book = replay.sync.book
        #expect(book.checkInvariants() == nil)
        for (side, isBid) in [(Side.buy, true), (.sell, false)] {
            let ours = book.levels(side).map {
                (FixedPoint.format($0.price.rawValue, scale: 8), FixedPoint.format($0.quantity.rawValue, scale: 8))
            }
            let theirs = reference.levels(bids: isBid)
            #expect(ours.count == theirs.count, "\(symbol) \(side) level count")
            for (a, b) in zip(ours, theirs) where a != b {
                Issue.record("\(symbol) \(side): \(a) != \(b)")
                break
            }
        }
    }

    @Test("the hftbacktest capture: one snapshot, thousands of diffs applied, 50093239218 is the snapshot id")
    func hftbacktestFigures() throws {
        // The loader reports reading the file, then its parsed lines (every 100k, and the total at the end).
        var reported: [String] = []
        let frames = try RecordingLoader.load(paths: Captures.hftbacktest.files) { progress in
            switch progress {
            case .reading: reported.append("reading")
            case .parsed(_, let lines, let total): reported.append("\(lines)/\(total)")
            }
        }
        #expect(reported == ["reading", "41249/41249"])
        #expect(frames.count == 41_249)
        var replay = try #require(BinanceReplay(symbol: "btcusdt", rules: .spot))
        for frame in frames { replay.feed(frame) }
        let counters = replay.sync.counters
        #expect(counters.snapshots == 1)
        #expect(counters.messages == 3_452)
        #expect(counters.applied + counters.dropped == 3_451)
        #expect(counters.dropped >= 1)
        #expect(replay.sync.state == .synced)
    }
}
