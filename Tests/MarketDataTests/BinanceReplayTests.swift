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
        // The loader reports reading the file (compressed bytes read of the file's size, rising to the whole
        // file), then its parsed lines (every 100k, and the total at the end).
        var reported: [String] = []
        var read: [(bytes: Int, total: Int)] = []
        let frames = try RecordingLoader.load(paths: Captures.hftbacktest.files) { progress in
            switch progress {
            case .reading(_, let bytes, let total):
                if read.isEmpty { reported.append("reading") }
                read.append((bytes, total))
            case .parsed(_, let lines, let total): reported.append("\(lines)/\(total)")
            }
        }
        #expect(reported == ["reading", "41249/41249"])
        let size = try #require(read.last?.total)
        #expect(size > 1_000_000, "the capture's compressed size")
        #expect(read.dropFirst().allSatisfy { $0.total == size && $0.bytes <= size })
        #expect(zip(read.dropFirst(), read.dropFirst(2)).allSatisfy { $0.bytes <= $1.bytes }, "never goes back")
        #expect(read.dropFirst().filter { $0.bytes > 0 && $0.bytes < size }.count >= 3, "steps in between, not only the end")
        #expect(read.last?.bytes == size)
        #expect(frames.count == 41_249)
        var replay = try #require(BinanceReplay(symbol: "btcusdt", rules: .spot))
        for frame in frames { replay.feed(frame) }
        let counters = replay.sync.counters
        #expect(counters.snapshots == 1)
        #expect(counters.messages == 3_452)
        #expect(counters.applied + counters.dropped == 3_451)
        #expect(counters.dropped >= 1)
        #expect(replay.sync.state == .synced)
        // The capture's trade and bookTicker frames are routed away by their stream names, unread.
        let others = frames.filter { frame in
            let text = String(decoding: frame.payload.prefix(60), as: UTF8.self)
            return text.contains("@trade\"") || text.contains("@bookTicker\"")
        }
        #expect(others.count > 30_000)
        #expect(replay.otherStreamFrames == others.count)
        #expect(replay.depthMessages == 3_452)
        #expect(replay.errors == 0)
    }

    @Test("frames of other streams are routed by name; depth streams, bare events and odd envelopes are parsed")
    func streamRouting() throws {
        var replay = try #require(BinanceReplay(symbol: "BTCUSDT", rules: .spot))
        func feed(_ text: String) { replay.feedReceived(Array(text.utf8)) }
        feed(#"{"lastUpdateId":10,"bids":[["100.0","1"]],"asks":[["101.0","1"]]}"#)
        // Another stream, even with a body that would not parse: skipped by its name, not an error.
        feed(#"{"stream":"btcusdt@trade","data":{"e":"trade","p":"#)
        feed(#"{"stream":"btcusdt@bookTicker","data":{"u":11,"s":"BTCUSDT","b":"100.0","B":"1","a":"101.0","A":"1"}}"#)
        #expect(replay.otherStreamFrames == 2)
        #expect(replay.errors == 0)
        // The depth stream is parsed and applied.
        feed(#"{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1,"s":"BTCUSDT","U":11,"u":12,"b":[["100.0","2"]],"a":[]}}"#)
        #expect(replay.depthMessages == 2)
        #expect(replay.sync.book.bestBid?.quantity.rawValue == Int64(200_000_000))
        // Another symbol's depth stream is parsed (and ignored by its symbol); a name with an escape and a
        // malformed depth frame go to the parser, which refuses the latter.
        feed(#"{"stream":"ethusdt@depth","data":{"e":"depthUpdate","E":1,"s":"ETHUSDT","U":1,"u":2,"b":[],"a":[]}}"#)
        feed(#"{"stream":"btc\u0075sdt@trade","data":{}}"#)
        feed(#"{"stream":"btcusdt@depth","data":{"e":"depthUpdate","U":"#)
        #expect(replay.otherStreamFrames == 2)
        #expect(replay.depthMessages == 2)
        #expect(replay.errors == 1)
    }
}
