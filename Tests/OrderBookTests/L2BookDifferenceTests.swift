import BourseCore
import Testing

@testable import OrderBook

@Suite("L2Book difference")
struct L2BookDifferenceTests {
    @Test("a small case: changed, removed and new levels, bids then asks, ascending")
    func small() {
        let old = L2Book(
            bids: [L2Level(price: Price(100), quantity: Quantity(5)), L2Level(price: Price(101), quantity: Quantity(1))],
            asks: [L2Level(price: Price(103), quantity: Quantity(2)), L2Level(price: Price(104), quantity: Quantity(9))])
        let new = L2Book(
            bids: [L2Level(price: Price(100), quantity: Quantity(6)), L2Level(price: Price(99), quantity: Quantity(4))],
            asks: [L2Level(price: Price(104), quantity: Quantity(9)), L2Level(price: Price(105), quantity: Quantity(1))])
        #expect(old.difference(to: new) == [
            L2LevelDifference(side: .buy, price: Price(99), quantity: Quantity(4)),
            L2LevelDifference(side: .buy, price: Price(100), quantity: Quantity(6)),
            L2LevelDifference(side: .buy, price: Price(101), quantity: .zero),
            L2LevelDifference(side: .sell, price: Price(103), quantity: .zero),
            L2LevelDifference(side: .sell, price: Price(105), quantity: Quantity(1)),
        ])
        #expect(new.difference(to: new).isEmpty)
        #expect(L2Book().difference(to: L2Book()).isEmpty)
    }

    @Test("a truncated book is the best levels of each side, as top(_:_:) lists them")
    func truncated() {
        var generator = SystemRandomNumberGenerator()
        for depth in [0, 1, 5, 40] {
            let book = randomBook(&generator)
            let window = book.truncated(to: depth)
            #expect(window == L2Book(bids: book.top(.buy, depth), asks: book.top(.sell, depth)))
            #expect(window.checkInvariants() == nil)
        }
    }

    @Test("on random books, applying the difference gives the newer book exactly, and nothing more")
    func random() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let old = randomBook(&generator)
            let new = randomBook(&generator)
            let difference = old.difference(to: new)
            var applied = old
            for change in difference { applied.set(change.side, price: change.price, quantity: change.quantity) }
            #expect(applied == new)
            // Every entry is needed: each changes the level it names.
            for change in difference {
                #expect(old.quantity(change.side, at: change.price) != change.quantity)
            }
        }
    }

    func randomBook(_ generator: inout SystemRandomNumberGenerator) -> L2Book {
        var book = L2Book()
        for _ in 0..<Int.random(in: 0..<30, using: &generator) {
            book.set(.buy, price: Price(Int64.random(in: 1...40, using: &generator)), quantity: Quantity(Int64.random(in: 1...3, using: &generator)))
            book.set(.sell, price: Price(Int64.random(in: 41...80, using: &generator)), quantity: Quantity(Int64.random(in: 1...3, using: &generator)))
        }
        return book
    }
}
