import BourseCore
import Testing

@testable import OrderBook

@Suite("L2Book")
struct L2BookTests {
    func level(_ price: Int64, _ quantity: Int64) -> L2Level { L2Level(price: Price(price), quantity: Quantity(quantity)) }

    @Test("set, delete, best prices, top N and order")
    func basics() {
        var book = L2Book()
        book.set(.buy, price: Price(100), quantity: Quantity(5))
        book.set(.buy, price: Price(102), quantity: Quantity(7))
        book.set(.buy, price: Price(101), quantity: Quantity(1))
        book.set(.sell, price: Price(105), quantity: Quantity(3))
        book.set(.sell, price: Price(104), quantity: Quantity(2))
        #expect(book.bestBid == level(102, 7))
        #expect(book.bestAsk == level(104, 2))
        #expect(book.spread == 2)
        #expect(book.top(.buy, 2) == [level(102, 7), level(101, 1)])
        #expect(Array(book.levels(.sell)) == [level(104, 2), level(105, 3)])
        #expect(book.set(.buy, price: Price(102), quantity: Quantity(0)) == Quantity(7))
        #expect(book.bestBid == level(101, 1))
        #expect(book.remove(.sell, price: Price(999)) == .zero, "deleting a missing level is a no-op")
        #expect(book.quantity(.buy, at: Price(100)) == Quantity(5))
        #expect(book.quantity(.buy, at: Price(99)) == .zero)
        #expect(book.count(.buy) == 2)
        #expect(book.checkInvariants() == nil)
        #expect(!book.isCrossed)
    }

    @Test("crossed books are detected")
    func crossed() {
        var book = L2Book()
        book.set(.buy, price: Price(100), quantity: Quantity(1))
        book.set(.sell, price: Price(101), quantity: Quantity(1))
        #expect(!book.isCrossed)
        book.set(.buy, price: Price(101), quantity: Quantity(1))
        #expect(book.isCrossed)
        book.remove(.buy, price: Price(101))
        book.set(.sell, price: Price(99), quantity: Quantity(1))
        #expect(book.isCrossed)
    }

    @Test("matches a dictionary model on random updates")
    func differential() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<20 {
            var book = L2Book()
            var model: [Side: [Int64: Int64]] = [.buy: [:], .sell: [:]]
            for _ in 0..<2_000 {
                let side: Side = Bool.random(using: &generator) ? .buy : .sell
                let price = Int64.random(in: 1...300, using: &generator)
                let quantity = Int64.random(in: 0...3, using: &generator) == 0 ? 0 : Int64.random(in: 1...50)
                let previous = book.set(side, price: Price(price), quantity: Quantity(quantity))
                #expect(previous.rawValue == model[side]![price] ?? 0)
                model[side]![price] = quantity == 0 ? nil : quantity
            }
            #expect(book.checkInvariants() == nil)
            let bids = model[.buy]!.sorted { $0.key > $1.key }.map { level($0.key, $0.value) }
            let asks = model[.sell]!.sorted { $0.key < $1.key }.map { level($0.key, $0.value) }
            #expect(Array(book.levels(.buy)) == bids)
            #expect(Array(book.levels(.sell)) == asks)
            #expect(book.top(.sell, 5) == Array(asks.prefix(5)))
            #expect(book.isCrossed == ((bids.first?.price ?? Price(.min)) >= (asks.first?.price ?? Price(.max))))
        }
    }
}
