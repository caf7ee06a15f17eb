import BourseCore
import Foundation
import MarketData
import MarketDataRecording
import OrderBook
import Testing

@Suite("KrakenReplay")
struct KrakenReplayTests {
    static let file = "\(Captures.root)/cryptofeed/kraken/KRAKEN.ws.50.0"
    static let pairs = [
        "WAVES/EUR", "XMR/USD", "KSM/XBT", "GRT/ETH", "SC/EUR", "ETH/CHF", "OCEAN/XBT", "OMG/USD",
        "XBT/CHF", "ADA/XBT",
    ]

    @Test("CRC32 matches the standard check value")
    func crc() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        Array("123456789".utf8).withUnsafeBufferPointer { #expect(CRC32.checksum($0) == 0xCBF4_3926) }
    }

    @Test("CRC32 eight bytes at a time equals a byte at a time, on random lengths, offsets and starting values")
    func crcSlicing() {
        var g = SeededGenerator(seed: 3)
        for _ in 0..<5_000 {
            let bytes = (0..<Int.random(in: 0...300, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }
            let start = Int.random(in: 0...bytes.count, using: &g)
            let crc = Bool.random(using: &g) ? 0 : UInt32.random(in: 0...UInt32.max, using: &g)
            let slice = Array(bytes[start...])
            let fast = bytes.withUnsafeBufferPointer { CRC32.checksum(UnsafeBufferPointer(rebasing: $0[start...]), continuing: crc) }
            #expect(fast == CRC32.checksum(slice, continuing: crc))
        }
    }

    @Test(
        "the Kraken capture replays per pair: every checksum verified, equal to a truncated dictionary book",
        arguments: pairs)
    func replay(pair: String) throws {
        let frames = try RecordingLoader.load(path: Self.file)
        var replay = try #require(KrakenReplay(pair: pair))
        var bids: [String: String] = [:]
        var asks: [String: String] = [:]
        var checksums = 0
        func set(_ side: inout [String: String], _ rows: Any?) {
            for row in (rows as? [[String]]) ?? [] {
                let size = ReferenceBinanceBook.canonical(row[1])
                side[ReferenceBinanceBook.canonical(row[0])] = size == "0" ? nil : size
            }
        }
        func truncate(_ side: inout [String: String], bids isBid: Bool) {
            guard side.count > 1000 else { return }
            let sorted = side.keys.sorted { Decimal(string: $0)! < Decimal(string: $1)! }
            let worst = isBid ? sorted.dropLast(1000) : sorted.dropFirst(1000)
            for key in worst { side[key] = nil }
        }
        for frame in frames where frame.kind == .received {
            replay.feed(frame)
            guard let array = (try? JSONSerialization.jsonObject(with: Data(frame.payload))) as? [Any],
                array.last as? String == pair
            else { continue }
            for case let object as [String: Any] in array {
                if object["as"] != nil {
                    bids = [:]
                    asks = [:]
                    set(&asks, object["as"])
                    set(&bids, object["bs"])
                } else {
                    set(&asks, object["a"])
                    set(&bids, object["b"])
                    if object["c"] != nil { checksums += 1 }
                }
            }
            truncate(&bids, bids: true)
            truncate(&asks, bids: false)
        }
        #expect(replay.errors == 0, "\(String(describing: replay.firstError))")
        #expect(replay.counters.snapshots == 1)
        #expect(replay.counters.gaps == 0)
        #expect(replay.checksumsVerified == checksums)
        #expect(checksums > 0)
        #expect(replay.counters.crossed == 0)
        for (side, reference) in [(Side.buy, bids), (.sell, asks)] {
            let ours = Dictionary(
                uniqueKeysWithValues: replay.currentBook.levels(side).map {
                    (
                        FixedPoint.format($0.price.rawValue, scale: replay.scales.price),
                        FixedPoint.format($0.quantity.rawValue, scale: replay.scales.size)
                    )
                })
            #expect(ours == reference, "\(pair) \(side)")
        }
    }

    @Test("a corrupted level makes the next checksum fail: gap, book discarded")
    func checksumMismatch() throws {
        var replay = try #require(KrakenReplay(pair: "XBT/USD"))
        func frame(_ text: String) -> RecordedFrame {
            RecordedFrame(time: 0, kind: .received, payload: Array(text.utf8))
        }
        replay.feed(
            frame(#"[1,{"as":[["101.0","1.00000000","1"]],"bs":[["100.0","2.00000000","1"]]},"book-10","XBT/USD"]"#))
        let good = replay.checksum()
        replay.feed(frame(#"[1,{"a":[["101.0","1.00000000","2"]],"c":"\#(good)"},"book-10","XBT/USD"]"#))
        #expect(replay.checksumsVerified == 1)
        replay.feed(frame(#"[1,{"a":[["101.0","3.00000000","2"]],"c":"\#(good)"},"book-10","XBT/USD"]"#))
        #expect(replay.counters.gaps == 1)
        #expect(replay.currentBook.isEmpty)
    }
}
