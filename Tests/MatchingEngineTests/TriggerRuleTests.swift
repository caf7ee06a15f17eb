import BourseCore
import BourseTesting
import MatchingEngine
import Testing

/// Stops, take-profits and the trigger loop.
@Suite("Engine rules: triggers")
struct TriggerRuleTests {
    @Test("a stop-market fires when a trade reaches its price and sells into the bids")
    func stopMarket() {
        let s = Scenario()
        s.place(
            .limit(1, account: 2, .buy, price: 100, quantity: 1), .limit(2, account: 2, .buy, price: 98, quantity: 2),
            .limit(3, account: 2, .buy, price: 97, quantity: 5), .limit(4, account: 3, .sell, price: 100, quantity: 1))
        #expect(s.lastPrice() == 100)
        #expect(
            s.submit(.triggered(5, account: 4, .sell, trigger: .stop(Price(98)), quantity: 3)) == [
                accepted(5, account: 4, .sell, price: 0, quantity: 3)
            ])
        #expect(
            s.submit(.limit(6, account: 3, .sell, price: 98, quantity: 1)) == [
                accepted(6, account: 3, .sell, price: 98, quantity: 1),
                trade(maker: 2, taker: 6, price: 98, quantity: 1, .sell, makerAccount: 2, takerAccount: 3),
                partiallyFilled(2, remaining: 1), level(.buy, 98, 1), filled(6),
                triggered(5),
                trade(maker: 2, taker: 5, price: 98, quantity: 1, .sell, makerAccount: 2, takerAccount: 4), filled(2),
                level(.buy, 98, 0),
                trade(maker: 3, taker: 5, price: 97, quantity: 2, .sell, makerAccount: 2, takerAccount: 4),
                partiallyFilled(3, remaining: 3), level(.buy, 97, 3), filled(5),
            ])
        // A stop arriving when the last price already satisfies it fires in the same command.
        #expect(
            s.submit(.triggered(7, account: 4, .sell, trigger: .stop(Price(99)), quantity: 1)) == [
                accepted(7, account: 4, .sell, price: 0, quantity: 1), triggered(7),
                trade(maker: 3, taker: 7, price: 97, quantity: 1, .sell, makerAccount: 2, takerAccount: 4),
                partiallyFilled(3, remaining: 2), level(.buy, 97, 2), filled(7),
            ])
    }

    @Test("nothing fires before the first trade")
    func noLastPrice() {
        let s = Scenario()
        #expect(
            s.submit(.triggered(1, .sell, trigger: .stop(Price(1_000)), quantity: 1)) == [
                accepted(1, .sell, price: 0, quantity: 1)
            ])
        #expect(s.advance(to: 5) == [])
    }

    @Test("a stop-limit executes as a limit order at its price and rests")
    func stopLimit() {
        let s = Scenario()
        s.place(.limit(1, account: 2, .sell, price: 101, quantity: 3), .limit(2, account: 2, .sell, price: 103, quantity: 5))
        #expect(
            s.submit(.triggered(3, account: 1, .buy, trigger: .stop(Price(101)), limit: 102, quantity: 5)) == [
                accepted(3, account: 1, .buy, price: 102, quantity: 5)
            ])
        #expect(
            s.submit(.limit(4, account: 3, .buy, price: 101, quantity: 1)) == [
                accepted(4, account: 3, .buy, price: 101, quantity: 1),
                trade(maker: 1, taker: 4, price: 101, quantity: 1, .buy, makerAccount: 2, takerAccount: 3),
                partiallyFilled(1, remaining: 2), level(.sell, 101, 2), filled(4),
                triggered(3),
                trade(maker: 1, taker: 3, price: 101, quantity: 2, .buy, makerAccount: 2, takerAccount: 1), filled(1),
                level(.sell, 101, 0), partiallyFilled(3, remaining: 3), level(.buy, 102, 3),
            ])
        #expect(s.book(.buy) == [[102, 3]])
        #expect(s.book(.sell) == [[103, 5]])
    }

    @Test("a take-profit sell fires when the price rises to it; a take-profit buy waits for a fall")
    func takeProfit() {
        let s = Scenario()
        s.place(.limit(1, account: 2, .buy, price: 99, quantity: 5), .limit(2, account: 2, .sell, price: 102, quantity: 1))
        s.submit(.triggered(5, account: 1, .buy, trigger: .takeProfit(Price(98)), quantity: 1))
        #expect(
            s.submit(.triggered(3, account: 1, .sell, trigger: .takeProfit(Price(102)), quantity: 2)) == [
                accepted(3, account: 1, .sell, price: 0, quantity: 2)
            ])
        #expect(
            s.submit(.limit(4, account: 3, .buy, price: 102, quantity: 1)) == [
                accepted(4, account: 3, .buy, price: 102, quantity: 1),
                trade(maker: 2, taker: 4, price: 102, quantity: 1, .buy, makerAccount: 2, takerAccount: 3), filled(2),
                level(.sell, 102, 0), filled(4),
                triggered(3),
                trade(maker: 1, taker: 3, price: 99, quantity: 2, .sell, makerAccount: 2, takerAccount: 1),
                partiallyFilled(1, remaining: 3), level(.buy, 99, 3), filled(3),
            ])
        #expect(s.lastPrice() == 99)
    }

    @Test("the trigger loop always takes the firing order with the smallest arm number")
    func cascadeByArmNumber() {
        let s = Scenario()
        s.place(
            .limit(1, account: 2, .buy, price: 99, quantity: 1), .limit(2, account: 2, .buy, price: 98, quantity: 1),
            .limit(3, account: 2, .buy, price: 97, quantity: 1), .limit(4, account: 2, .buy, price: 100, quantity: 1),
            .limit(5, account: 3, .sell, price: 100, quantity: 1),
            .triggered(10, account: 1, .sell, trigger: .stop(Price(99)), quantity: 1),
            .triggered(11, account: 1, .sell, trigger: .stop(Price(98)), quantity: 1),
            .triggered(12, account: 1, .sell, trigger: .stop(Price(99)), quantity: 1))
        // At 99, stops 10 and 12 fire; 10 trades at 98, which makes 11 (armed before 12) the next one.
        #expect(
            s.submit(.limit(6, account: 3, .sell, price: 99, quantity: 1)) == [
                accepted(6, account: 3, .sell, price: 99, quantity: 1),
                trade(maker: 1, taker: 6, price: 99, quantity: 1, .sell, makerAccount: 2, takerAccount: 3), filled(1),
                level(.buy, 99, 0), filled(6),
                triggered(10),
                trade(maker: 2, taker: 10, price: 98, quantity: 1, .sell, makerAccount: 2, takerAccount: 1), filled(2),
                level(.buy, 98, 0), filled(10),
                triggered(11),
                trade(maker: 3, taker: 11, price: 97, quantity: 1, .sell, makerAccount: 2, takerAccount: 1), filled(3),
                level(.buy, 97, 0), filled(11),
                triggered(12), cancelled(12, .immediateOrCancel, remaining: 1),
            ])
    }
}
