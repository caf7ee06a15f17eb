import BourseCore
import Foundation
import MarketData
import MarketDataRecording
import OrderBook
import Testing

@Suite("OKXReplay")
struct OKXReplayTests {
    static let file = "\(Captures.root)/cryptofeed/okx/OKX.ws.1.0"

    @Test(
        "the OKX capture replays per instrument: every checksum verified, equal to a dictionary book",
        arguments: ["BTC-USDT", "BTC-USD-220527", "UNI-USD-SWAP"])
    func replay(instrument: String) throws {
        let frames = try RecordingLoader.load(path: Self.file)
        var replay = try #require(OKXReplay(instrument: instrument))
        var bids: [String: String] = [:]
        var asks: [String: String] = [:]
        var checksums = 0
        func set(_ side: inout [String: String], _ rows: Any?) {
            for row in (rows as? [[String]]) ?? [] {
                let size = ReferenceBinanceBook.canonical(row[1])
                side[ReferenceBinanceBook.canonical(row[0])] = size == "0" ? nil : size
            }
        }
        for frame in frames where frame.kind == .received {
            replay.feed(frame)
            guard let object = (try? JSONSerialization.jsonObject(with: Data(frame.payload))) as? [String: Any],
                let arg = object["arg"] as? [String: Any], arg["channel"] as? String == "books",
                arg["instId"] as? String == instrument, let data = (object["data"] as? [[String: Any]])?.first
            else { continue }
            if object["action"] as? String == "snapshot" {
                bids = [:]
                asks = [:]
            }
            set(&asks, data["asks"])
            set(&bids, data["bids"])
            if let checksum = data["checksum"] as? NSNumber, checksum.int64Value != 0 { checksums += 1 }
        }
        #expect(replay.errors == 0, "\(String(describing: replay.firstError))")
        #expect(replay.counters.snapshots == 1)
        #expect(replay.counters.gaps == 0)
        #expect(replay.checksumsVerified == checksums)
        #expect(replay.counters.crossed == 0)
        for (side, reference) in [(Side.buy, bids), (.sell, asks)] {
            let ours = Dictionary(
                uniqueKeysWithValues: replay.currentBook.levels(side).map {
                    (
                        FixedPoint.format($0.price.rawValue, scale: replay.scales.price),
                        FixedPoint.format($0.quantity.rawValue, scale: replay.scales.size)
                    )
                })
            #expect(ours == reference, "\(instrument) \(side)")
        }
    }
}
