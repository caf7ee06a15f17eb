import BourseCore
import Foundation
import MarketData
import MarketDataRecording
import OrderBook
import Testing

@Suite("BitstampReplay")
struct BitstampReplayTests {
    static let files = ["BITSTAMP.ws.1.0", "BITSTAMP.http.0.0"].map { "\(Captures.root)/cryptofeed/bitstamp/\($0)" }
    static let pairs = [
        "sgbeur", "ethusd", "xrpeur", "bateur", "usdteur", "usdtusd", "xlmgbp", "adaeur", "batbtc",
        "galaeur",
    ]

    @Test(
        "the Bitstamp capture replays per pair (snapshot, then diffs newer than it), equal to a dictionary book",
        arguments: pairs)
    func replay(pair: String) throws {
        let frames = try RecordingLoader.load(paths: Self.files)
        var replay = try #require(BitstampReplay(pair: pair))
        var bids: [String: String] = [:]
        var asks: [String: String] = [:]
        var snapshotTime: Int64?
        var lastTime: Int64 = 0
        var pending: [[String: Any]] = []
        var applied = 0
        func set(_ side: inout [String: String], _ rows: Any?) {
            for row in rows as! [[String]] {
                let size = ReferenceBinanceBook.canonical(row[1])
                side[ReferenceBinanceBook.canonical(row[0])] = size == "0" ? nil : size
            }
        }
        func apply(_ data: [String: Any]) {
            let time = Int64(data["microtimestamp"] as! String)!
            guard time > lastTime else { return }
            set(&bids, data["bids"])
            set(&asks, data["asks"])
            lastTime = time
            applied += 1
        }
        for frame in frames {
            replay.feed(frame)
            guard let object = (try? JSONSerialization.jsonObject(with: Data(frame.payload))) as? [String: Any] else {
                continue
            }
            if frame.kind == .http, frame.url?.hasSuffix("/order_book/\(pair)") == true, snapshotTime == nil {
                set(&bids, object["bids"])
                set(&asks, object["asks"])
                snapshotTime = Int64(object["microtimestamp"] as! String)!
                lastTime = snapshotTime!
                for data in pending { apply(data) }
            } else if frame.kind == .received, object["channel"] as? String == "diff_order_book_\(pair)",
                object["event"] as? String == "data",
                let data = object["data"] as? [String: Any]
            {
                if snapshotTime == nil { pending.append(data) } else { apply(data) }
            }
        }
        #expect(replay.errors == 0, "\(String(describing: replay.firstError))")
        #expect(replay.counters.snapshots == 1)
        #expect(replay.counters.applied == applied)
        #expect(replay.counters.crossed == 0)
        #expect(replay.currentBook.checkInvariants() == nil)
        for (side, reference) in [(Side.buy, bids), (.sell, asks)] {
            let ours = Dictionary(
                uniqueKeysWithValues: replay.currentBook.levels(side).map {
                    (FixedPoint.format($0.price.rawValue, scale: 8), FixedPoint.format($0.quantity.rawValue, scale: 8))
                })
            #expect(ours == reference, "\(pair) \(side)")
        }
    }
}
