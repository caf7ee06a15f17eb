import BourseCore
import Foundation
import MarketData
import OrderBook
import Testing

@Suite("BinanceDepthParser")
struct BinanceDepthParserTests {
    func level(_ price: Int64, _ size: Int64) -> L2Level { L2Level(price: Price(price), quantity: Quantity(size)) }

    func parse(_ text: String, scales: DecimalScales = .binance) throws(MarketDataError) -> (
        BinanceFrameKind, BinanceDepthParser
    ) {
        var parser = BinanceDepthParser(scales: scales)
        let kind = try parser.parse(Array(text.utf8))
        return (kind, parser)
    }

    func errorCode(_ text: String) -> MarketDataError.Code? {
        do {
            _ = try parse(text)
            return nil
        } catch {
            return error.code
        }
    }

    @Test("spot diff inside the combined-stream envelope, prices exact at scale 2")
    func spotEnvelope() throws {
        let text = """
            {"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1723161255208,"s":"BTCUSDT",\
            "U":50093239189,"u":50093239202,"b":[["61737.63000000","0.00000000"],["61730.17","1.5"]],"a":[]}}
            """
        let (kind, parser) = try parse(text, scales: DecimalScales(price: 2, size: 8))
        #expect(kind == .depthUpdate)
        #expect(parser.update.symbol == VenueSymbol("BTCUSDT"))
        #expect(parser.update.eventTime == 1_723_161_255_208)
        #expect(parser.update.firstUpdateId == 50_093_239_189)
        #expect(parser.update.finalUpdateId == 50_093_239_202)
        #expect(parser.update.previousFinalUpdateId == nil)
        #expect(parser.update.bids == [level(6_173_763, 0), level(6_173_017, 150_000_000)])
        #expect(parser.update.asks.isEmpty)
        #expect(parser.levelCount == 2)
    }

    @Test("futures diff with pu, fields in any order, whitespace")
    func futures() throws {
        let text =
            #" { "a" : [ ["7.6120","297"] ] , "pu":10,"u":12 ,"U":11,"s":"SUSHIUSDT","e":"depthUpdate","b":[],"T":5 } "#
        let (kind, parser) = try parse(text)
        #expect(kind == .depthUpdate)
        #expect(parser.update.previousFinalUpdateId == 10)
        #expect(parser.update.asks == [level(761_200_000, 29_700_000_000)])
    }

    @Test("REST snapshot, with futures' extra E and T")
    func snapshot() throws {
        let text =
            #"{"lastUpdateId":600859605926,"E":1,"T":2,"bids":[["7.6110","6"]],"asks":[["7.6120","1"],["7.6130","2"]]}"#
        let (kind, parser) = try parse(text)
        #expect(kind == .snapshot)
        #expect(parser.snapshot.lastUpdateId == 600_859_605_926)
        #expect(parser.snapshot.bids == [level(761_100_000, 600_000_000)])
        #expect(parser.snapshot.asks.count == 2)
    }

    @Test("bookTicker, trade, kline and subscription replies are skipped as other")
    func others() throws {
        for text in [
            #"{"stream":"btcusdt@bookTicker","data":{"u":5,"s":"BTCUSDT","b":"1.0","B":"2","a":"3.0","A":"4"}}"#,
            #"{"e":"trade","E":1,"s":"BTCUSDT","t":1,"p":"1.0","q":"2","b":88,"a":50,"T":1,"m":true,"M":true}"#,
            #"{"e":"kline","E":1,"s":"X","k":{"t":1,"o":"1.0","x":false,"n":null,"q":-1.5e-3}}"#,
            #"{"result":null,"id":1}"#, "{}",
        ] {
            #expect(try parse(text).0 == .other, "\(text)")
        }
    }

    @Test("malformed input gives typed errors, never a crash")
    func errors() {
        #expect(errorCode("") == .malformedJSON)
        #expect(errorCode("[1]") == .malformedJSON)
        #expect(errorCode(#"{"e":"depthUpdate","#) == .malformedJSON)
        #expect(errorCode(#"{"a":1} x"#) == .malformedJSON)
        #expect(errorCode(#"{"a":01}"#) == .malformedJSON)
        #expect(errorCode("{\"a\":\"\u{01}\"}") == .malformedJSON)
        #expect(errorCode(#"{"a":"\ud800"}"#) == .malformedJSON)
        #expect(errorCode(#"{"e":"depthUpdate","s":"X","U":1,"u":2,"b":[]}"#) == .missingField)
        #expect(errorCode(#"{"e":"depthUpdate","s":"X","U":"1","u":2,"b":[],"a":[]}"#) == .wrongType)
        #expect(errorCode(#"{"e":"depthUpdate","s":"X","U":1,"U":1,"u":2,"b":[],"a":[]}"#) == .duplicateField)
        #expect(
            errorCode(#"{"e":"depthUpdate","s":"X","U":99999999999999999999,"u":2,"b":[],"a":[]}"#) == .integerOverflow)
        #expect(errorCode(#"{"e":"depthUpdate","s":"X","U":1,"u":2,"b":[["1e5","1"]],"a":[]}"#) == .invalidDecimal)
        #expect(
            errorCode(#"{"e":"depthUpdate","s":"X","U":1,"u":2,"b":[["1.000000001","1"]],"a":[]}"#) == .invalidDecimal)
        #expect(errorCode(#"{"e":"depthUpdate","s":"X","U":1,"u":2,"b":[["1","-1"]],"a":[]}"#) == .invalidDecimal)
        #expect(errorCode(#"{"e":"depthUpdate","s":"X","U":1,"u":2,"b":[["1"]],"a":[]}"#) == .malformedJSON)
        #expect(errorCode(#"{"stream":"x","e":"depthUpdate"}"#) == .malformedJSON)
        #expect(errorCode(#"{"stream":"x"}"#) == .missingField)
        #expect(errorCode(#"{"lastUpdateId":5,"bids":[]}"#) == .missingField)
        #expect(errorCode(String(repeating: "[", count: 100)) == .malformedJSON)
        #expect(
            errorCode("{\"x\":" + String(repeating: "[", count: 100) + String(repeating: "]", count: 100) + "}")
                == .malformedJSON)
        let long = String(repeating: "X", count: 40)
        #expect(errorCode(#"{"e":"depthUpdate","s":"\#(long)","U":1,"u":2,"b":[],"a":[]}"#) == .symbolTooLong)
    }

    @Test("every frame of every Binance capture parses exactly as JSONSerialization reads it")
    func capturesMatchFoundation() throws {
        let payloads = try Captures.allBinancePayloads()
        #expect(payloads.count > 40_000)
        var parser = BinanceDepthParser()
        var kinds: [BinanceFrameKind: Int] = [:]
        for payload in payloads {
            let kind = try parser.parse(payload)
            kinds[kind, default: 0] += 1
            try expectSame(parser, kind, ReferenceBinanceDecoder.decode(payload), payload)
        }
        #expect(kinds[.snapshot] == 9)
        #expect((kinds[.depthUpdate] ?? 0) > 3_000)
    }

    @Test("random mutations of real frames: never a crash; whatever is accepted equals JSONSerialization")
    func mutationFuzz() throws {
        let payloads = try Captures.allBinancePayloads().filter { $0.count < 4_000 }
        var random = SeededGenerator(seed: 42)
        var parser = BinanceDepthParser()
        var accepted = 0
        var rejected = 0
        for _ in 0..<30_000 {
            var bytes = payloads[Int.random(in: 0..<payloads.count, using: &random)]
            for _ in 0..<Int.random(in: 1...3, using: &random) { FrameMutator.mutate(&bytes, using: &random) }
            do {
                let kind = try parser.parse(bytes)
                accepted += 1
                try expectSame(parser, kind, ReferenceBinanceDecoder.decode(bytes), bytes)
            } catch let error as MarketDataError {
                _ = error.code
                rejected += 1
            }
        }
        #expect(accepted > 1_000 && rejected > 1_000, "accepted \(accepted), rejected \(rejected)")
    }

    @Test("decimal texts at the edges of the one-pass fast path: the same value or the same refusal as the general path")
    func decimalFastPathEdges() throws {
        var random = SeededGenerator(seed: 7)
        let digits = Array("0123456789")
        func number(_ count: Int) -> String { String((0..<count).map { _ in digits[Int.random(in: 0..<10, using: &random)] }) }
        var parser = BinanceDepthParser()
        var accepted = 0
        var refused = 0
        for _ in 0..<20_000 {
            // Up to 17 digits on either side: none, one or two whole blocks of the eight-digit reader, and tails.
            var text = number(Int.random(in: 0...17, using: &random))
            if Bool.random(using: &random) { text += "." + number(Int.random(in: 0...17, using: &random)) }
            switch Int.random(in: 0..<12, using: &random) {
            case 0: text = "-" + text
            case 1: text = "+" + text
            case 2: text += "e5"
            case 3: text = " " + text
            case 4: text += "0000000000"  // past the scale: zeros are fine, anything else is not
            case 5: text = "1" + String(repeating: "0", count: Int.random(in: 9...12, using: &random)) + text  // near overflow
            case 6: text = "\\u0031" + text
            case 7 where !text.isEmpty:
                // A byte just outside the digits ('/' and ':' border them) inside what could be a block.
                var characters = Array(text)
                characters[Int.random(in: 0..<characters.count, using: &random)] = Bool.random(using: &random) ? "/" : ":"
                text = String(characters)
            default: break
            }
            let frame = #"{"e":"depthUpdate","s":"BTCUSDT","U":1,"u":2,"b":[["\#(text)","1.5"]],"a":[["2","\#(text)"]]}"#
            let bytes = Array(frame.utf8)
            let reference = ReferenceBinanceDecoder.decode(bytes)
            do {
                let kind = try parser.parse(bytes)
                accepted += 1
                try expectSame(parser, kind, reference, bytes)
            } catch let error as MarketDataError {
                refused += 1
                // Escapes in a price or size are refused on purpose (the general decoder would unescape them).
                let escaped = text.contains("\\") && error.code == .invalidDecimal
                #expect(escaped || reference == .invalidDepth || reference == .invalidJSON, "\(text): \(error)")
            }
        }
        #expect(accepted > 3_000 && refused > 2_000, "accepted \(accepted), refused \(refused)")
    }

    func expectSame(
        _ parser: BinanceDepthParser, _ kind: BinanceFrameKind, _ reference: ReferenceBinanceDecoder.Decoded,
        _ bytes: [UInt8]
    ) throws {
        let text = String(decoding: bytes.prefix(300), as: UTF8.self)
        switch kind {
        case .depthUpdate: #expect(reference == .depthUpdate(parser.update), "\(text)")
        case .snapshot: #expect(reference == .snapshot(parser.snapshot), "\(text)")
        case .other: #expect(reference == .other, "\(text)")
        }
    }
}
