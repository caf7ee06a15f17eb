import BourseCore
import Foundation
import MatchingEngine
import NIOCore
import Testing

@testable import ExchangeCore
@testable import ExchangeServer

/// The order path's own JSON reading and writing against Foundation's, on random and mutated inputs: whatever
/// the fast path accepts, `JSONDecoder` accepts with the same values; what it writes parses to what
/// `JSONEncoder` writes.
@Suite("Order JSON fast paths")
struct OrderJSONTests {
    static let keys = [
        "symbol", "side", "type", "price", "triggerPrice", "size", "quoteAmount", "timeInForce", "expiresAt",
        "postOnly", "displaySize", "stp", "clientOrderId",
    ]

    /// A JSON value of some kind, now and then one outside the fast path's shape.
    static func value(_ g: inout SeededGenerator) -> String {
        switch Int.random(in: 0..<16, using: &g) {
        case 0...6: return "\"" + text(&g) + "\""
        case 7: return String(Int64.random(in: 0...Int64.max, using: &g))
        case 8: return String(Int.random(in: 0...99, using: &g))
        case 9: return ["true", "false", "null"].randomElement(using: &g)!
        case 10: return ["-5", "01", "1.5", "2e3", "1E+2", "0", "9223372036854775808", "-0"].randomElement(using: &g)!
        case 11: return ["\"a\\\"b\"", "\"\\u0041\"", "\"caf\u{e9}\"", "\"tab\there\"", "\"\\/\""].randomElement(using: &g)!
        case 12: return ["[]", "{}", "[1,2]", "{\"a\":1}"].randomElement(using: &g)!
        default: return "\"" + ["50000.00", "0.0001", "BTC-USDT", "buy", "sell", "limit", "gtc"].randomElement(using: &g)! + "\""
        }
    }

    static func text(_ g: inout SeededGenerator) -> String {
        let alphabet = Array("abcXYZ019.-_ /:")
        return String((0..<Int.random(in: 0...12, using: &g)).map { _ in alphabet.randomElement(using: &g)! })
    }

    static func space(_ g: inout SeededGenerator) -> String {
        ["", "", "", " ", "\n", "\t ", "\r\n"].randomElement(using: &g)!
    }

    /// An order body: mostly the known fields, sometimes an unknown or repeated one, then maybe a byte mutation.
    static func body(_ g: inout SeededGenerator) -> [UInt8] {
        var members: [String] = []
        if Int.random(in: 0..<10, using: &g) > 0 { members.append("\"symbol\":\"BTC-USDT\"") }
        if Int.random(in: 0..<10, using: &g) > 0 { members.append("\"side\":\"" + (Bool.random(using: &g) ? "buy" : "sell") + "\"") }
        for _ in 0..<Int.random(in: 0...6, using: &g) {
            let key = Int.random(in: 0..<12, using: &g) == 0 ? text(&g) : keys.randomElement(using: &g)!
            members.append(space(&g) + "\"\(key)\"" + space(&g) + ":" + space(&g) + value(&g) + space(&g))
        }
        members.shuffle(using: &g)
        var bytes = Array((space(&g) + "{" + members.joined(separator: ",") + "}" + space(&g)).utf8)
        if Int.random(in: 0..<6, using: &g) == 0, !bytes.isEmpty {
            let at = Int.random(in: 0..<bytes.count, using: &g)
            switch Int.random(in: 0..<3, using: &g) {
            case 0: bytes.remove(at: at)
            case 1: bytes.insert(UInt8.random(in: 0...255, using: &g), at: at)
            default: bytes[at] = [UInt8(ascii: "\""), UInt8(ascii: ","), UInt8(ascii: "}"), 0x5C, 0xFF].randomElement(using: &g)!
            }
        }
        return bytes
    }

    @Test("PlaceOrderBody: the flat path gives JSONDecoder's result whenever it answers (40k random and mutated bodies)")
    func placeOrderBody() throws {
        var g = SeededGenerator(seed: 2026_12_03)
        var fast = 0
        var agreedRefusals = 0
        for _ in 0..<40_000 {
            let bytes = Self.body(&g)
            let buffer = ByteBuffer(bytes: bytes)
            let general = try? StrictJSON.decode(PlaceOrderBody.self, from: buffer)
            if let flat = PlaceOrderBody.flat(buffer) {
                fast += 1
                #expect(flat == general, "\(String(decoding: bytes, as: UTF8.self))")
            } else if general == nil {
                agreedRefusals += 1
            }
            // Whichever path runs, the route's decoding equals the general one.
            #expect((try? PlaceOrderBody.decode(buffer)) == general)
        }
        // Both paths are exercised: the generator makes plenty of bodies of the flat shape and plenty of others.
        #expect(fast > 5_000, "flat path taken \(fast) times")
        #expect(agreedRefusals > 5_000)
    }

    @Test("the usual order body takes the flat path with every field")
    func usualBody() throws {
        let text = #"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"50000.00","size":"0.0001","timeInForce":"gtd","expiresAt":1800000000000,"postOnly":true,"displaySize":"0.0001","stp":"cancel_both","clientOrderId":"c-1","triggerPrice":"1.00","quoteAmount":"5"}"#
        let body = try #require(PlaceOrderBody.flat(ByteBuffer(string: text)))
        #expect(body == (try StrictJSON.decode(PlaceOrderBody.self, from: ByteBuffer(string: text))))
        #expect(body.expiresAt == 1_800_000_000_000 && body.postOnly == true && body.clientOrderId == "c-1")
        // Unknown, repeated and missing fields are left to the general decoder and its worded errors.
        #expect(PlaceOrderBody.flat(ByteBuffer(string: #"{"symbol":"A","side":"buy","sise":"1"}"#)) == nil)
        #expect(PlaceOrderBody.flat(ByteBuffer(string: #"{"symbol":"A","side":"buy","side":"sell"}"#)) == nil)
        #expect(PlaceOrderBody.flat(ByteBuffer(string: #"{"side":"buy"}"#)) == nil)
        #expect(throws: APIError.self) { try PlaceOrderBody.decode(ByteBuffer(string: #"{"side":"buy"}"#)) }
    }

    static func record(_ g: inout SeededGenerator) -> OrderRecord {
        func maybe<T>(_ value: T) -> T? { Bool.random(using: &g) ? value : nil }
        let strings = ["c-1", "a\"b", "back\\slash", "slash/", "tab\t", "nl\n", "ctl\u{1}", "caf\u{e9}", "\u{1F600}", ""]
        return OrderRecord(
            id: OrderID(UInt64.random(in: 1...UInt64.max, using: &g)), clientOrderID: maybe(strings.randomElement(using: &g)!),
            account: AccountID(7), symbol: "BTC-USDT", side: Bool.random(using: &g) ? .buy : .sell,
            type: OrderType.allCases.randomElement(using: &g)!, price: maybe(Price(Int64.random(in: 1...9_999_999, using: &g))),
            triggerPrice: maybe(Price(Int64.random(in: 1...9_999_999, using: &g))),
            quantity: Quantity(Int64.random(in: 0...1_000_000, using: &g)), quoteAmount: maybe(Int64.random(in: 0...1 << 40, using: &g)),
            filled: Quantity(Int64.random(in: 0...1_000, using: &g)), filledNotional: Int64.random(in: 0...1 << 40, using: &g),
            remaining: Quantity(Int64.random(in: 0...1_000_000, using: &g)),
            status: [OrderStatus.new, .partiallyFilled, .filled, .cancelled, .untriggered].randomElement(using: &g)!,
            timeInForce: [TimeInForce.gtc, .ioc, .fok, .gtd(expiresAt: Int64.random(in: 0...Int64.max, using: &g))].randomElement(using: &g)!,
            postOnly: Bool.random(using: &g), reason: maybe(strings.randomElement(using: &g)!),
            parentID: maybe(OrderID(UInt64.random(in: 1...1_000, using: &g))), createdAt: Int64.random(in: 0...Int64.max, using: &g),
            updatedAt: Int64.random(in: 0...Int64.max, using: &g))
    }

    @Test("OrderView: the written JSON parses to what JSONEncoder writes (2k random orders, awkward strings)")
    func orderView() throws {
        let instrument = try Instrument(
            symbol: "BTC-USDT", baseAsset: "BTC", quoteAsset: "USDT", priceScale: 2, sizeScale: 4, tickSize: Price(1), lotSize: Quantity(1))
        var g = SeededGenerator(seed: 7)
        for _ in 0..<2_000 {
            let view = OrderView(Self.record(&g), instrument)
            let written = Data(view.json.readableBytesView)
            let encoded = try JSONEncoder().encode(view)
            let a = try #require(try JSONSerialization.jsonObject(with: written) as? NSDictionary)
            let b = try #require(try JSONSerialization.jsonObject(with: encoded) as? NSDictionary)
            #expect(a == b, "\(String(decoding: written, as: UTF8.self))")
        }
    }
}
