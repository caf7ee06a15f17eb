import BourseCore
import Foundation
import MarketData
import MarketDataRecording
import OrderBook
import Testing

@Suite("CoinbaseReplay")
struct CoinbaseReplayTests {
    static let file = "\(Captures.root)/cryptofeed/coinbase/COINBASE.ws.28.0"
    static let products = [
        "SKL-USD", "SKL-BTC", "BAND-GBP", "NMR-EUR", "BAND-BTC", "YFI-BTC", "DASH-BTC", "NU-GBP",
        "CRV-EUR", "SKL-GBP",
    ]

    @Test(
        "the Coinbase level2 capture replays per product, never crossed, equal to a dictionary book",
        arguments: products)
    func replay(product: String) throws {
        let frames = try RecordingLoader.load(path: Self.file)
        var replay = try #require(CoinbaseReplay(product: product))
        var bids: [String: String] = [:]
        var asks: [String: String] = [:]
        var synced = false
        var updates = 0
        for frame in frames where frame.kind == .received {
            replay.feed(frame)
            guard let object = (try? JSONSerialization.jsonObject(with: Data(frame.payload))) as? [String: Any],
                object["product_id"] as? String == product
            else { continue }
            func set(_ side: inout [String: String], _ price: String, _ size: String) {
                let size = ReferenceBinanceBook.canonical(size)
                side[ReferenceBinanceBook.canonical(price)] = size == "0" ? nil : size
            }
            switch object["type"] as? String {
            case "snapshot":
                bids = [:]
                asks = [:]
                for row in object["bids"] as! [[String]] { set(&bids, row[0], row[1]) }
                for row in object["asks"] as! [[String]] { set(&asks, row[0], row[1]) }
                synced = true
            case "l2update" where synced:
                updates += 1
                for change in object["changes"] as! [[String]] {
                    if change[0] == "buy" { set(&bids, change[1], change[2]) } else { set(&asks, change[1], change[2]) }
                }
            default: break
            }
        }
        #expect(replay.errors == 0, "\(String(describing: replay.firstError))")
        #expect(replay.counters.snapshots == 1)
        #expect(replay.counters.applied == updates)
        #expect(replay.counters.crossed == 0)
        for (side, reference) in [(Side.buy, bids), (.sell, asks)] {
            let ours = Dictionary(
                uniqueKeysWithValues: replay.currentBook.levels(side).map {
                    (FixedPoint.format($0.price.rawValue, scale: 8), FixedPoint.format($0.quantity.rawValue, scale: 8))
                })
            #expect(ours == reference, "\(product) \(side)")
        }
    }
}
