import BourseCore
import ConsolidatedBook
import Testing
import Trading

@Suite("LadderMarketMaker requotes")
struct LadderRequoteTests {
    /// Volatility so far below the reference that it never changes the ladder: only the requote rule acts.
    static func maker() -> LadderMarketMaker {
        Make.maker(Make.configuration(volatilityReference: 1_000_000_000, requoteThreshold: 10))
    }

    static func market(mid: Int64, position: Int64 = 0, size: Int64 = 1_000_000) -> StrategyInput {
        Make.deepInput(bestBid: mid - 5, bestAsk: mid + 5, size: size, position: position)
    }

    @Test("no new book while prices move by at most the threshold; a new one beyond it")
    func threshold() throws {
        var maker = Self.maker()
        let firstQuote = maker.quote(Self.market(mid: 100_000))
        let first = try #require(firstQuote)
        #expect(first.generation == 1)
        #expect(maker.quote(Self.market(mid: 100_000)) == nil, "nothing changed")
        #expect(maker.quote(Self.market(mid: 100_005)) == nil, "moved 5 <= 10")
        #expect(maker.quote(Self.market(mid: 99_990)) == nil, "moved 10: not beyond")
        #expect(maker.lastBook == first)
        let secondQuote = maker.quote(Self.market(mid: 100_015))
        let second = try #require(secondQuote, "moved 15 > 10")
        #expect(second.generation == 2)
        #expect(second.mid == Price(100_015))
        #expect(second.distance(to: first) == 15)
        #expect(maker.quote(Self.market(mid: 100_005)) == nil, "10 from the last book returned, not the first")
        let thirdQuote = maker.quote(Self.market(mid: 99_995))
        let third = try #require(thirdQuote)
        #expect(third.generation == 3)
    }

    @Test("a small oscillation inside the threshold never churns")
    func noChurn() throws {
        var maker = Self.maker()
        let initial = maker.quote(Self.market(mid: 100_000))
        #expect(initial != nil)
        var generator = SeededGenerator(seed: 3)
        for _ in 0..<500 {
            let mid = 100_000 + 5 * Int64.random(in: -2...2, using: &generator)
            #expect(maker.quote(Self.market(mid: mid, position: Int64.random(in: -50...50, using: &generator))) == nil)
        }
        #expect(maker.lastBook?.generation == 1)
    }

    @Test("a size change beyond the percentage requotes at unchanged prices")
    func sizeChange() throws {
        var maker = Self.maker()
        let firstQuote = maker.quote(Self.market(mid: 100_000))
        let first = try #require(firstQuote)
        // A thinner book (size 1 a level) caps the deeper quotes by participation: 150 -> 90 and more.
        let thinnerQuote = maker.quote(Self.market(mid: 100_000, size: 1))
        let thinner = try #require(thinnerQuote)
        #expect(thinner.distance(to: first) == 0)
        #expect(thinner.bids[1].quantity.rawValue == 90)
        // The same thin book again: nothing changed, no new book.
        let before = maker.lastBook
        #expect(maker.quote(Self.market(mid: 100_000, size: 1)) == nil)
        #expect(maker.lastBook == before)
    }

    @Test("the position limit, a one-sided market and its return each produce one new book")
    func structureChanges() throws {
        var maker = Self.maker()
        #expect(maker.quote(Make.input(bids: [(99_995, 100)], asks: [])) == nil, "nothing resting, nothing to pull")
        #expect(maker.lastBook == nil)
        let initial = maker.quote(Self.market(mid: 100_000))
        #expect(initial != nil)
        let fullQuote = maker.quote(Self.market(mid: 100_000, position: 1000))
        let full = try #require(fullQuote)
        #expect(full.bids.isEmpty && !full.asks.isEmpty)
        let pulledQuote = maker.quote(Make.input(bids: [(99_995, 100)], asks: []))
        let pulled = try #require(pulledQuote)
        #expect(pulled.isEmpty, "no two-sided market: withdraw")
        #expect(pulled.mid == full.mid)
        #expect(maker.quote(Make.input(bids: [], asks: [])) == nil, "already withdrawn")
        let backQuote = maker.quote(Self.market(mid: 100_000))
        let back = try #require(backQuote)
        #expect(back.bids.count == 5 && back.asks.count == 5)
        #expect(back.generation == 4)
    }
}
