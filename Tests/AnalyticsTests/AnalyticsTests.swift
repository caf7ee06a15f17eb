import Analytics
import BourseCore
import OrderBook
import Testing

@Suite("Top-of-book analytics")
struct AnalyticsTests {
    func book(bid: (Int64, Int64), ask: (Int64, Int64)) -> L2Book {
        L2Book(bids: [L2Level(price: Price(bid.0), quantity: Quantity(bid.1))],
               asks: [L2Level(price: Price(ask.0), quantity: Quantity(ask.1))])
    }

    @Test("figures worked by hand")
    func figures() throws {
        // bid 100.00 x 3, ask 100.10 x 1 (prices scale 2, sizes scale 0)
        let m = try #require(TopOfBookMetrics(book: book(bid: (10_000, 3), ask: (10_010, 1)), priceScale: 2, sizeScale: 0))
        #expect(m.spread == 10)
        #expect(FixedPoint.format(m.mid.value, scale: m.mid.scale) == "100.05")
        #expect(TopOfBookMetrics.format(ratio: m.spreadOverAsk) == "0.000999")  // 0.10 / 100.10 = 0.000999000999..., 8 digits
        #expect(TopOfBookMetrics.format(ratio: m.spreadBps) == "9.99500249")   // 10000 * 0.10 / 100.05
        // microprice = (100.00*1 + 100.10*3) / 4 = 100.075 -> at scale 2+8
        #expect(FixedPoint.format(m.microprice, scale: 2 + TopOfBookMetrics.ratioDigits) == "100.075")
        #expect(TopOfBookMetrics.format(ratio: m.imbalance) == "0.5")  // (3-1)/(3+1)
        #expect(TopOfBookMetrics(book: L2Book(), priceScale: 2, sizeScale: 0) == nil)
    }

    @Test("the spread alert is exact at the threshold and fires once per episode")
    func alert() throws {
        var filter = try SpreadAlertFilter(threshold: "0.0001")
        // ask 10000.00: a spread of exactly 1.00 is 0.0001 of the ask: not above.
        let at = try #require(TopOfBookMetrics(book: book(bid: (999_900, 1), ask: (1_000_000, 1)), priceScale: 2, sizeScale: 0))
        #expect(!filter.exceeds(at))
        let above = try #require(TopOfBookMetrics(book: book(bid: (999_899, 1), ask: (1_000_000, 1)), priceScale: 2, sizeScale: 0))
        #expect(filter.exceeds(above))
        var fired: [Bool] = []
        for state in [above, above, at, above] { fired.append(filter.check(state)) }
        #expect(fired == [true, false, false, true], "fires when the episode starts, not while it lasts")
        #expect(throws: DecimalError.self) { try SpreadAlertFilter(threshold: "-0.1") }
        #expect(throws: DecimalError.self) { try SpreadAlertFilter(threshold: "1e-4") }
    }

    @Test("ratios agree with a rational reference on random books")
    func randomBooks() throws {
        var generator = SeededGenerator(seed: 99)
        for _ in 0..<10_000 {
            let bid = Int64.random(in: 1...10_000_000_000, using: &generator)
            let ask = bid + Int64.random(in: -50...5_000, using: &generator)
            guard ask > 0 else { continue }
            let bs = Int64.random(in: 1...1_000_000_000, using: &generator)
            let asz = Int64.random(in: 1...1_000_000_000, using: &generator)
            let m = try #require(TopOfBookMetrics(book: L2Book(bids: [L2Level(price: Price(bid), quantity: Quantity(bs))],
                                                              asks: [L2Level(price: Price(ask), quantity: Quantity(asz))]),
                                                  priceScale: 2, sizeScale: 8))
            // Truncated ratio r satisfies r <= exact < r + 1 ulp (for non-negative values), checked in integers.
            let num = Int128(ask - bid) * 100_000_000, den = Int128(ask)
            let r = Int128(m.spreadOverAsk)
            if num >= 0 { #expect(r * den <= num && num < (r + 1) * den) } else { #expect(r * den >= num && num > (r - 1) * den) }
            let mp = Int128(m.microprice)
            let mpNum = (Int128(bid) * Int128(asz) + Int128(ask) * Int128(bs)) * 100_000_000, mpDen = Int128(bs) + Int128(asz)
            #expect(mp * mpDen <= mpNum && mpNum < (mp + 1) * mpDen)
            #expect(abs(m.imbalance) <= 100_000_000)
        }
    }
}
