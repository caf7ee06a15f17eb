import BourseCore
import Foundation
import MarketData
import MarketDataRecording
import OrderBook
import Testing

@Suite("BitMEXReplay")
struct BitMEXReplayTests {
    static let file = "\(Captures.root)/cryptofeed/bitmex/BITMEX.ws.1.0"
    static let symbols = [
        "XBTUSD", "XRPU21", "UNIUSDT", "ADAUSDT", "SOLUSDT", "TRXU21", "EOSUSDT", "TRXUSDT",
        "BCHUSD", "MATICUSDT",
    ]

    /// Independent book: JSONSerialization, id -> (side, price text, size text), aggregated at the end.
    struct Reference {
        let symbol: String
        var rows: [Int64: (side: String, price: Decimal, size: Decimal)] = [:]
        var synced = false
        var unknownIds = 0

        mutating func feed(_ payload: [UInt8]) {
            guard let object = (try? JSONSerialization.jsonObject(with: Data(payload))) as? [String: Any],
                object["table"] as? String == "orderBookL2", let action = object["action"] as? String,
                let data = object["data"] as? [[String: Any]]
            else { return }
            let mine = data.filter { $0["symbol"] as? String == symbol }
            guard !mine.isEmpty else { return }
            if action == "partial" {
                rows = [:]
                synced = true
            }
            guard synced else { return }
            for row in mine {
                let id = (row["id"] as! NSNumber).int64Value
                let side = row["side"] as! String
                switch action {
                case "partial", "insert":
                    rows[id] = (side, Self.decimal(row["price"]), Self.decimal(row["size"]))
                case "update":
                    guard let old = rows[id] else {
                        unknownIds += 1
                        continue
                    }
                    rows[id] = (old.side, old.price, Self.decimal(row["size"]))
                default:
                    if rows.removeValue(forKey: id) == nil { unknownIds += 1 }
                }
            }
        }

        static func decimal(_ value: Any?) -> Decimal { Decimal(string: (value as! NSNumber).description)! }

        func levels(_ side: String) -> [(Decimal, Decimal)] {
            var bySize: [Decimal: Decimal] = [:]
            for row in rows.values where row.side == side { bySize[row.price] = row.size }
            let prices = bySize.keys.sorted()
            return (side == "Buy" ? prices.reversed() : prices).map { ($0, bySize[$0]!) }
        }
    }

    @Test(
        "the BitMEX capture replays per symbol with no unknown id, never crossed, equal to the reference",
        arguments: symbols)
    func replay(symbol: String) throws {
        let frames = try RecordingLoader.load(path: Self.file)
        var replay = try #require(BitMEXReplay(symbol: symbol))
        var reference = Reference(symbol: symbol)
        for frame in frames where frame.kind == .received {
            replay.feed(frame)
            reference.feed(frame.payload)
        }
        #expect(replay.errors == 0, "\(String(describing: replay.firstError))")
        #expect(replay.counters.snapshots == 1)
        #expect(replay.counters.gaps == 0)
        #expect(reference.unknownIds == 0)
        #expect(replay.counters.crossed == 0)
        for (side, name) in [(Side.buy, "Buy"), (.sell, "Sell")] {
            let ours = replay.currentBook.levels(side).map {
                (
                    Decimal(string: FixedPoint.format($0.price.rawValue, scale: replay.scales.price))!,
                    Decimal(string: FixedPoint.format($0.quantity.rawValue, scale: 8))!
                )
            }
            let theirs = reference.levels(name)
            #expect(ours.count == theirs.count, "\(symbol) \(side)")
            for (a, b) in zip(ours, theirs) where a != b {
                Issue.record("\(symbol) \(side): \(a) != \(b)")
                break
            }
        }
    }

    @Test("update and delete rows without price use the id's price; an unknown id asks for a resubscribe")
    func idMap() throws {
        var sync = BitMEXBookSync(symbol: VenueSymbol("XBTUSD")!)
        let s = VenueSymbol("XBTUSD")!
        let action1 = sync.handle(.update, rows: [BitMEXRow(symbol: s, id: 1, side: .buy, size: 5)])
        #expect(!action1)
        #expect(sync.counters.dropped == 1, "before the partial")
        sync.handle(
            .partial,
            rows: [
                BitMEXRow(symbol: s, id: 1, side: .buy, size: 5, price: 100),
                BitMEXRow(symbol: s, id: 2, side: .sell, size: 7, price: 101),
            ])
        sync.handle(.update, rows: [BitMEXRow(symbol: s, id: 1, side: .buy, size: 9)])
        #expect(sync.book.quantity(.buy, at: Price(100)) == Quantity(9))
        sync.handle(.delete, rows: [BitMEXRow(symbol: s, id: 2, side: .sell)])
        #expect(sync.book.bestAsk == nil)
        let action2 = sync.handle(.update, rows: [BitMEXRow(symbol: s, id: 3, side: .buy, size: 1)])
        #expect(action2)
        #expect(sync.counters.gaps == 1 && !sync.isSynced && sync.book.isEmpty)
    }
}

@Suite("BitMEXFrameParser")
struct BitMEXFrameParserTests {
    @Test("JSON-number prices in exponent form are shifted exactly; other tables are skipped")
    func exponentPrices() throws {
        var parser = BitMEXFrameParser()
        let text =
            #"{"table":"orderBookL2","action":"insert","data":[{"symbol":"XRPU21","id":1,"side":"Sell","size":3000,"price":3.5e-7},{"symbol":"X","id":2,"side":"Buy","size":1.25E+2,"price":12}]}"#
        #expect(try parser.parse(Array(text.utf8)) == .insert)
        #expect(parser.rows.map(\.price) == [3_500, 120_000_000_000])
        #expect(parser.rows.map(\.size) == [300_000_000_000, 12_500_000_000])
        #expect(try parser.parse(Array(#"{"table":"trade","action":"insert","data":[{"price":1e-3}]}"#.utf8)) == .other)
        #expect(throws: MarketDataError.self) {
            try parser.parse(Array(#"{"table":"orderBookL2","action":"update","data":[{"id":1}]}"#.utf8))
        }
    }
}
