import BourseCore
import BourseTesting
import MatchingEngine
import Testing

/// Amend: priority kept or lost, a new price may trade, validation.
@Suite("Engine rules: amend")
struct AmendRuleTests {
    /// Order 1 (account 1) then order 2 (account 2), both selling 5 at 100.
    private func twoSellers() -> Scenario {
        let s = Scenario()
        s.place(.limit(1, account: 1, .sell, price: 100, quantity: 5), .limit(2, account: 2, .sell, price: 100, quantity: 5))
        return s
    }

    @Test("size down at the same price keeps time priority")
    func sizeDownKeepsPriority() {
        let s = twoSellers()
        #expect(s.amend(1, quantity: 3) == [amended(1, price: 100, quantity: 3, keptPriority: true), level(.sell, 100, 8)])
        #expect(
            s.submit(.limit(3, account: 3, .buy, price: 100, quantity: 4)) == [
                accepted(3, account: 3, .buy, price: 100, quantity: 4),
                trade(maker: 1, taker: 3, price: 100, quantity: 3, .buy, makerAccount: 1, takerAccount: 3), filled(1),
                trade(maker: 2, taker: 3, price: 100, quantity: 1, .buy, makerAccount: 2, takerAccount: 3),
                partiallyFilled(2, remaining: 4), level(.sell, 100, 4), filled(3),
            ])
    }

    @Test("size up at the same price loses time priority")
    func sizeUpLosesPriority() {
        let s = twoSellers()
        #expect(s.amend(1, quantity: 7) == [amended(1, price: 100, quantity: 7, keptPriority: false), level(.sell, 100, 12)])
        #expect(
            s.submit(.limit(3, account: 3, .buy, price: 100, quantity: 6)) == [
                accepted(3, account: 3, .buy, price: 100, quantity: 6),
                trade(maker: 2, taker: 3, price: 100, quantity: 5, .buy, makerAccount: 2, takerAccount: 3), filled(2),
                trade(maker: 1, taker: 3, price: 100, quantity: 1, .buy, makerAccount: 1, takerAccount: 3),
                partiallyFilled(1, remaining: 6), level(.sell, 100, 6), filled(3),
            ])
    }

    @Test("the same price and the same size (explicit or omitted) keeps priority and still reports")
    func unchangedAmend() {
        let s = twoSellers()
        #expect(
            s.amend(1, price: 100, quantity: 5) == [
                amended(1, price: 100, quantity: 5, keptPriority: true), level(.sell, 100, 10),
            ])
        #expect(s.amend(1) == [amended(1, price: 100, quantity: 5, keptPriority: true), level(.sell, 100, 10)])
        #expect(s.amend(1, price: 100) == [amended(1, price: 100, quantity: 5, keptPriority: true), level(.sell, 100, 10)])
        let events = s.submit(.limit(3, account: 3, .buy, price: 100, quantity: 1))
        #expect(events.contains(trade(maker: 1, taker: 3, price: 100, quantity: 1, .buy, makerAccount: 1, takerAccount: 3)))
    }

    @Test("a new price that does not cross moves the order to the tail of its new level")
    func newPriceRests() {
        let s = Scenario()
        s.place(.limit(1, account: 1, .sell, price: 100, quantity: 5), .limit(2, account: 2, .sell, price: 101, quantity: 5))
        #expect(
            s.amend(1, price: 101) == [
                amended(1, price: 101, quantity: 5, keptPriority: false), level(.sell, 100, 0), level(.sell, 101, 10),
            ])
        let events = s.submit(.limit(3, account: 3, .buy, price: 101, quantity: 1))
        #expect(events.contains(trade(maker: 2, taker: 3, price: 101, quantity: 1, .buy, makerAccount: 2, takerAccount: 3)))
    }

    @Test("a new price that crosses trades at once, then the rest rests")
    func newPriceTrades() {
        let s = Scenario()
        s.place(.limit(1, account: 1, .buy, price: 99, quantity: 5), .limit(2, account: 2, .sell, price: 101, quantity: 5))
        #expect(
            s.amend(2, account: 2, price: 99, quantity: 8) == [
                amended(2, price: 99, quantity: 8, keptPriority: false), level(.sell, 101, 0),
                trade(maker: 1, taker: 2, price: 99, quantity: 5, .sell, makerAccount: 1, takerAccount: 2), filled(1),
                level(.buy, 99, 0), partiallyFilled(2, remaining: 3), level(.sell, 99, 3),
            ])
        #expect(s.book(.sell) == [[99, 3]])
        #expect(s.book(.buy) == [])
    }

    @Test("a partly filled order moved to a new price reports partiallyFilled only when it trades again")
    func newPriceAfterPartialFill() {
        let s = Scenario()
        s.place(.limit(1, account: 1, .sell, price: 101, quantity: 5), .limit(2, account: 2, .buy, price: 101, quantity: 2))
        #expect(
            s.amend(1, price: 102) == [
                amended(1, price: 102, quantity: 3, keptPriority: false), level(.sell, 101, 0), level(.sell, 102, 3),
            ])
        s.place(.limit(3, account: 2, .buy, price: 100, quantity: 1))
        #expect(
            s.amend(1, price: 100) == [
                amended(1, price: 100, quantity: 3, keptPriority: false), level(.sell, 102, 0),
                trade(maker: 3, taker: 1, price: 100, quantity: 1, .sell, makerAccount: 2, takerAccount: 1), filled(3),
                level(.buy, 100, 0), partiallyFilled(1, remaining: 2), level(.sell, 100, 2),
            ])
    }

    @Test("a post-only order amended to a crossing price is rejected and unchanged")
    func postOnlyAmend() {
        let s = Scenario()
        s.place(
            .limit(1, account: 1, .buy, price: 99, quantity: 5),
            .limit(2, account: 2, .sell, price: 101, quantity: 5, postOnly: true))
        #expect(s.amend(2, account: 2, price: 99) == [rejected(2, .postOnlyWouldTake)])
        #expect(
            s.amend(2, account: 2, price: 100) == [
                amended(2, price: 100, quantity: 5, keptPriority: false), level(.sell, 101, 0), level(.sell, 100, 5),
            ])
    }

    @Test("an iceberg keeps its slice on size down and gets a fresh one on size up")
    func icebergAmend() {
        let s = Scenario()
        s.place(.limit(1, .sell, price: 100, quantity: 10, display: 3))
        #expect(s.amend(1, quantity: 8) == [amended(1, price: 100, quantity: 8, keptPriority: true), level(.sell, 100, 3)])
        #expect(s.amend(1, quantity: 2) == [amended(1, price: 100, quantity: 2, keptPriority: true), level(.sell, 100, 2)])
        #expect(s.amend(1, quantity: 12) == [amended(1, price: 100, quantity: 12, keptPriority: false), level(.sell, 100, 3)])
    }

    @Test("amend rejections: unknown, other account, armed, bad price or size; no minimum size")
    func amendRejections() {
        let s = Scenario(EngineConfiguration(tickSize: 5, minQuantity: 5, maxQuantity: 1_000))
        s.place(
            .limit(1, .buy, price: 100, quantity: 10),
            .triggered(2, .buy, trigger: .stop(Price(200)), quantity: 5))
        #expect(s.amend(9, price: 100) == [rejected(9, .unknownOrder)])
        #expect(s.amend(1, account: 2, price: 100) == [rejected(1, .unknownOrder)])
        #expect(s.amend(2, quantity: 6) == [rejected(2, .notAmendable)])
        #expect(s.amend(1, price: 0) == [rejected(1, .invalidPrice)])
        #expect(s.amend(1, price: 101) == [rejected(1, .priceOffTick)])
        #expect(s.amend(1, price: 101, quantity: 0) == [rejected(1, .priceOffTick)])
        #expect(s.amend(1, quantity: 0) == [rejected(1, .invalidQuantity)])
        #expect(s.amend(1, quantity: 1_001) == [rejected(1, .quantityAboveMaximum)])
        #expect(s.amend(1, quantity: 2) == [amended(1, price: 100, quantity: 2, keptPriority: true), level(.buy, 100, 2)])
    }
}
