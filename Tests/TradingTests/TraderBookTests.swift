import BourseCore
import Foundation
import Testing
import Trading

@Suite("TraderBook")
struct TraderBookTests {
    static func book(bids: [Int64], asks: [Int64], levels: [Int]? = nil) -> TraderBook {
        TraderBook(
            symbol: "BTC/USD", generation: 1, mid: Price(100),
            bids: bids.enumerated().map {
                TraderQuote(
                    side: .buy, price: Price($0.element), quantity: Quantity(10), level: levels?[$0.offset] ?? $0.offset
                )
            },
            asks: asks.enumerated().map {
                TraderQuote(side: .sell, price: Price($0.element), quantity: Quantity(10), level: $0.offset)
            },
            volatility: 42, createdAt: 1_700_000_000_000_000_000)
    }

    @Test("distance is the largest same-level price move, infinite when the shapes differ")
    func distance() {
        let base = Self.book(bids: [99, 97, 95], asks: [101, 103])
        #expect(base.distance(to: base) == 0)
        #expect(base.distance(to: Self.book(bids: [99, 94, 95], asks: [101, 104])) == 3)
        #expect(Self.book(bids: [99, 94, 95], asks: [101, 104]).distance(to: base) == 3, "symmetric")
        #expect(base.distance(to: Self.book(bids: [99, 97], asks: [101, 103])) == .max, "a bid fewer")
        #expect(base.distance(to: Self.book(bids: [99, 97, 95], asks: [101, 103, 105])) == .max, "an ask more")
        #expect(base.distance(to: Self.book(bids: [99, 97, 95], asks: [101, 103], levels: [0, 2, 3])) == .max)
        #expect(base.distance(to: Self.book(bids: [], asks: [])) == .max)
        #expect(Self.book(bids: [], asks: []).distance(to: Self.book(bids: [], asks: [])) == 0)
        #expect(Self.book(bids: [Int64.max], asks: []).distance(to: Self.book(bids: [-2], asks: [])) == .max)
        var resized = base
        resized.bids[0].quantity = Quantity(1_000)
        #expect(base.distance(to: resized) == 0, "sizes are not part of the distance")
    }

    @Test("crossed with itself when a bid reaches an ask")
    func crossed() {
        #expect(!Self.book(bids: [99, 97], asks: [101, 103]).isCrossedWithItself)
        #expect(Self.book(bids: [101, 97], asks: [101, 103]).isCrossedWithItself)
        #expect(Self.book(bids: [90, 104], asks: [101, 103]).isCrossedWithItself, "not only the first quotes")
        #expect(!Self.book(bids: [99], asks: []).isCrossedWithItself)
        #expect(Self.book(bids: [], asks: []).isEmpty)
    }

    @Test("JSON round trip keeps every field, with raw integer prices and text sides")
    func codable() throws {
        var book = Self.book(bids: [99, 97], asks: [101])
        book.bids[0].price = Price(Int64.max - 1)
        let data = try JSONEncoder().encode(book)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains("\"side\":\"buy\""))
        #expect(text.contains("9223372036854775806"), "exact raw integers, no Double rounding")
        #expect(try JSONDecoder().decode(TraderBook.self, from: data) == book)
        book.volatility = nil
        #expect(try JSONDecoder().decode(TraderBook.self, from: JSONEncoder().encode(book)) == book)
        let bad = Data(text.replacingOccurrences(of: "\"buy\"", with: "\"bid\"").utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(TraderBook.self, from: bad) }
    }
}
