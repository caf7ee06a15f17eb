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

    @Test("deep books: chunks split and merge, invariants hold after every step, equal to a dictionary model")
    func deepDifferential() {
        var generator = SeededGenerator(seed: 11)
        for round in 0..<6 {
            var book = L2Book()
            var model: [Side: [Int64: Int64]] = [.buy: [:], .sell: [:]]
            // Wide ranges make deep books (many chunks); narrow ones make levels come and go in few chunks.
            let range: ClosedRange<Int64> = round.isMultiple(of: 2) ? 1...5_000 : 1...150
            for step in 0..<12_000 {
                let side: Side = Bool.random(using: &generator) ? .buy : .sell
                let price = Int64.random(in: range, using: &generator)
                // Phases of growth then of decay, so chunks split and then merge.
                let deleting = (step / 3_000).isMultiple(of: 2) ? 4 : 1
                let quantity = Int64.random(in: 0...5, using: &generator) < deleting ? 0 : Int64.random(in: 1...50, using: &generator)
                let previous = book.set(side, price: Price(price), quantity: Quantity(quantity))
                #expect(previous.rawValue == model[side]![price] ?? 0)
                model[side]![price] = quantity == 0 ? nil : quantity
                if step % 97 == 0, let violation = book.checkInvariants() {
                    Issue.record("round \(round) step \(step): \(violation)")
                    return
                }
                #expect(book.quantity(side, at: Price(price)).rawValue == quantity)
            }
            #expect(book.checkInvariants() == nil)
            let bids = model[.buy]!.sorted { $0.key > $1.key }.map { level($0.key, $0.value) }
            let asks = model[.sell]!.sorted { $0.key < $1.key }.map { level($0.key, $0.value) }
            #expect(Array(book.levels(.buy)) == bids)
            #expect(Array(book.levels(.sell)) == asks)
            #expect(book.bestBid == bids.first && book.bestAsk == asks.first)
            #expect(book.count(.buy) == bids.count && book.count(.sell) == asks.count)
            #expect(book.top(.buy, 100) == Array(bids.prefix(100)))
            // The levels view both ways, its count and its slices; the direct top-of-book read.
            #expect(Array(book.levels(.sell).reversed()) == asks.reversed())
            #expect(book.levels(.buy).count == bids.count && book.levels(.sell).last == asks.last)
            #expect(Array(book.levels(.buy).prefix(70)) == Array(bids.prefix(70)))
            #expect(book.levels(.buy).dropFirst(65).first == bids.dropFirst(65).first)
            var best: [L2Level] = []
            book.forEachBest(.sell, limit: 130) { best.append($0) }
            #expect(best == Array(asks.prefix(130)))
            // Equality and hashing see the levels, not the chunking: the same levels inserted in another order.
            let rebuilt = L2Book(bids: bids.shuffled(using: &generator), asks: asks.reversed())
            #expect(rebuilt == book && rebuilt.hashValue == book.hashValue)
            #expect(book.truncated(to: 70) == L2Book(bids: bids.prefix(70), asks: asks.prefix(70)))
            #expect(book.truncated(to: 70).checkInvariants() == nil)
        }
    }

    @Test("diff messages (each side's levels from the best outwards, as venues list them) match the dictionary model")
    func messageRuns() {
        // The order a diff message lists levels in is what the search hint follows: runs of nearby prices moving
        // away from the best, sometimes jumping a chunk or more, with inserts, changes and deletes mixed.
        var generator = SeededGenerator(seed: 12)
        var book = L2Book()
        var model: [Side: [Int64: Int64]] = [.buy: [:], .sell: [:]]
        for message in 0..<3_000 {
            for side in [Side.buy, .sell] {
                let best: Int64 = side == .buy ? 10_000 : 10_001
                let outwards: Int64 = side == .buy ? -1 : 1
                var price = best + outwards * Int64.random(in: 0...300, using: &generator)
                for _ in 0..<Int.random(in: 1...60, using: &generator) {
                    let deleting = (message / 500).isMultiple(of: 2) ? 2 : 6
                    let quantity = Int64.random(in: 0...9, using: &generator) < deleting ? 0 : Int64.random(in: 1...50, using: &generator)
                    let previous = book.set(side, price: Price(price), quantity: Quantity(quantity))
                    #expect(previous.rawValue == model[side]![price] ?? 0)
                    model[side]![price] = quantity == 0 ? nil : quantity
                    price += outwards * (Bool.random(using: &generator) ? Int64.random(in: 1...3, using: &generator)
                        : Int64.random(in: 1...400, using: &generator))
                    guard price > 0 && price < 30_000 else { break }
                }
            }
            if let violation = book.checkInvariants() {
                Issue.record("message \(message): \(violation)")
                return
            }
        }
        let bids = model[.buy]!.sorted { $0.key > $1.key }.map { level($0.key, $0.value) }
        let asks = model[.sell]!.sorted { $0.key < $1.key }.map { level($0.key, $0.value) }
        #expect(bids.count > 500 && asks.count > 500, "deep enough for many chunks: \(bids.count), \(asks.count)")
        #expect(Array(book.levels(.buy)) == bids)
        #expect(Array(book.levels(.sell)) == asks)
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
