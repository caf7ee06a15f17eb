import BourseCore
import BourseTesting
import MatchingEngine
import Testing

/// Matching rules of `docs/engine-semantics.md`, each as a scenario with its exact events, on every engine.
@Suite("Engine rules: matching")
struct EngineRuleTests {
    @Test("better price first, then earlier order; trades at the maker's price")
    func priceTimePriority() {
        let s = Scenario()
        #expect(
            s.submit(.limit(1, account: 1, .sell, price: 101, quantity: 5)) == [
                accepted(1, account: 1, .sell, price: 101, quantity: 5), level(.sell, 101, 5),
            ])
        s.place(.limit(2, account: 2, .sell, price: 100, quantity: 5), .limit(3, account: 3, .sell, price: 100, quantity: 5))
        #expect(s.book(.sell) == [[100, 10], [101, 5]])
        #expect(
            s.submit(.limit(4, account: 4, .buy, price: 101, quantity: 12)) == [
                accepted(4, account: 4, .buy, price: 101, quantity: 12),
                trade(maker: 2, taker: 4, price: 100, quantity: 5, .buy, makerAccount: 2, takerAccount: 4),
                filled(2),
                trade(maker: 3, taker: 4, price: 100, quantity: 5, .buy, makerAccount: 3, takerAccount: 4),
                filled(3),
                level(.sell, 100, 0),
                trade(maker: 1, taker: 4, price: 101, quantity: 2, .buy, makerAccount: 1, takerAccount: 4),
                partiallyFilled(1, remaining: 3),
                level(.sell, 101, 3),
                filled(4),
            ])
        #expect(s.book(.sell) == [[101, 3]])
        #expect(s.book(.buy) == [])
        #expect(s.lastPrice() == 101)
    }

    @Test("a sell aggressor trades at the resting bid's higher price")
    func sellerTradesAtMakerPrice() {
        let s = Scenario()
        s.place(.limit(1, account: 1, .buy, price: 105, quantity: 3))
        #expect(
            s.submit(.limit(2, account: 2, .sell, price: 100, quantity: 3)) == [
                accepted(2, account: 2, .sell, price: 100, quantity: 3),
                trade(maker: 1, taker: 2, price: 105, quantity: 3, .sell, makerAccount: 1, takerAccount: 2),
                filled(1), level(.buy, 105, 0), filled(2),
            ])
        #expect(s.lastPrice() == 105)
    }

    @Test("an incoming order partially filled rests with its remainder")
    func partialFillRests() {
        let s = Scenario()
        s.place(.limit(1, account: 1, .sell, price: 100, quantity: 4))
        #expect(
            s.submit(.limit(2, account: 2, .buy, price: 100, quantity: 10)) == [
                accepted(2, account: 2, .buy, price: 100, quantity: 10),
                trade(maker: 1, taker: 2, price: 100, quantity: 4, .buy, makerAccount: 1, takerAccount: 2),
                filled(1), level(.sell, 100, 0), partiallyFilled(2, remaining: 6), level(.buy, 100, 6),
            ])
        #expect(s.book(.buy) == [[100, 6]])
    }

    @Test("FOK that could only partially fill does nothing but cancel itself")
    func fillOrKillKilled() {
        let s = Scenario()
        s.place(.limit(1, .sell, price: 100, quantity: 3), .limit(2, .sell, price: 101, quantity: 3))
        #expect(
            s.submit(.limit(3, account: 2, .buy, price: 101, quantity: 7, timeInForce: .fok)) == [
                accepted(3, account: 2, .buy, price: 101, quantity: 7), cancelled(3, .fillOrKill, remaining: 7),
            ])
        // The limit bounds the pre-check too: 6 are offered, but only 3 at 100 or better.
        #expect(
            s.submit(.limit(4, account: 2, .buy, price: 100, quantity: 4, timeInForce: .fok)) == [
                accepted(4, account: 2, .buy, price: 100, quantity: 4), cancelled(4, .fillOrKill, remaining: 4),
            ])
        #expect(s.book(.sell) == [[100, 3], [101, 3]])
        #expect(s.lastPrice() == nil)
    }

    @Test("FOK that can fill completely sweeps the levels it needs")
    func fillOrKillFills() {
        let s = Scenario()
        s.place(.limit(1, .sell, price: 100, quantity: 3), .limit(2, .sell, price: 101, quantity: 3))
        #expect(
            s.submit(.limit(4, account: 2, .buy, price: 101, quantity: 6, timeInForce: .fok)) == [
                accepted(4, account: 2, .buy, price: 101, quantity: 6),
                trade(maker: 1, taker: 4, price: 100, quantity: 3, .buy, takerAccount: 2), filled(1),
                level(.sell, 100, 0),
                trade(maker: 2, taker: 4, price: 101, quantity: 3, .buy, takerAccount: 2), filled(2),
                level(.sell, 101, 0), filled(4),
            ])
    }

    @Test("post-only is rejected when it would cross, rests otherwise")
    func postOnly() {
        let s = Scenario()
        s.place(.limit(1, .sell, price: 100, quantity: 5))
        #expect(s.submit(.limit(2, account: 2, .buy, price: 100, quantity: 5, postOnly: true)) == [
            rejected(2, .postOnlyWouldTake)
        ])
        #expect(
            s.submit(.limit(3, account: 2, .buy, price: 99, quantity: 5, postOnly: true)) == [
                accepted(3, account: 2, .buy, price: 99, quantity: 5), level(.buy, 99, 5),
            ])
        #expect(s.submit(.limit(4, .sell, price: 99, quantity: 1, postOnly: true)) == [rejected(4, .postOnlyWouldTake)])
        #expect(s.book(.buy) == [[99, 5]])
        #expect(s.book(.sell) == [[100, 5]])
    }

    @Test("IOC trades what it can; the remainder is cancelled")
    func immediateOrCancel() {
        let s = Scenario()
        s.place(.limit(1, .sell, price: 100, quantity: 3))
        #expect(
            s.submit(.limit(2, account: 2, .buy, price: 100, quantity: 5, timeInForce: .ioc)) == [
                accepted(2, account: 2, .buy, price: 100, quantity: 5),
                trade(maker: 1, taker: 2, price: 100, quantity: 3, .buy, takerAccount: 2), filled(1),
                level(.sell, 100, 0), partiallyFilled(2, remaining: 2), cancelled(2, .immediateOrCancel, remaining: 2),
            ])
        #expect(
            s.submit(.limit(3, account: 2, .buy, price: 100, quantity: 5, timeInForce: .ioc)) == [
                accepted(3, account: 2, .buy, price: 100, quantity: 5), cancelled(3, .immediateOrCancel, remaining: 5),
            ])
        #expect(
            s.submit(.market(4, .sell, quantity: 2)) == [
                accepted(4, .sell, price: 0, quantity: 2), cancelled(4, .immediateOrCancel, remaining: 2),
            ])
        #expect(s.book(.buy) == [] && s.book(.sell) == [])
    }

    @Test("market buy by quote amount spends its budget level by level, then stops or runs out of book")
    func quoteAmount() {
        let s = Scenario()
        s.place(.limit(1, .sell, price: 100, quantity: 3), .limit(2, .sell, price: 102, quantity: 5))
        // 3 at 100 (300), then floor(400 / 102) = 3 at 102 (306); 94 left cannot buy one more.
        #expect(
            s.submit(.marketBuy(3, account: 2, spending: 700)) == [
                accepted(3, account: 2, .buy, price: 0, quantity: 0),
                trade(maker: 1, taker: 3, price: 100, quantity: 3, .buy, takerAccount: 2), filled(1),
                level(.sell, 100, 0),
                trade(maker: 2, taker: 3, price: 102, quantity: 3, .buy, takerAccount: 2),
                partiallyFilled(2, remaining: 2), level(.sell, 102, 2), filled(3),
            ])
        // Budget left when the book is empty: cancelled, reporting 0.
        #expect(
            s.submit(.marketBuy(4, account: 2, spending: 1_000)) == [
                accepted(4, account: 2, .buy, price: 0, quantity: 0),
                trade(maker: 2, taker: 4, price: 102, quantity: 2, .buy, takerAccount: 2), filled(2),
                level(.sell, 102, 0), cancelled(4, .immediateOrCancel, remaining: 0),
            ])
    }

    @Test("quote amount buys whole lots only")
    func quoteAmountLots() {
        let s = Scenario(EngineConfiguration(lotSize: 10, minQuantity: 10))
        s.place(.limit(1, .sell, price: 50, quantity: 100))
        // floor(1234 / 50) = 24 -> 20 (lot 10); the 234 left buys less than a lot.
        #expect(
            s.submit(.marketBuy(2, account: 2, spending: 1_234)) == [
                accepted(2, account: 2, .buy, price: 0, quantity: 0),
                trade(maker: 1, taker: 2, price: 50, quantity: 20, .buy, takerAccount: 2),
                partiallyFilled(1, remaining: 80), level(.sell, 50, 80), filled(2),
            ])
    }

    @Test("a protection price bounds a market order like a limit")
    func protectionPrice() {
        let s = Scenario()
        s.place(
            .limit(1, .sell, price: 100, quantity: 3), .limit(2, .sell, price: 101, quantity: 4),
            .limit(3, .sell, price: 102, quantity: 5))
        #expect(
            s.submit(.market(4, account: 2, .buy, quantity: 10, protection: 101)) == [
                accepted(4, account: 2, .buy, price: 101, quantity: 10),
                trade(maker: 1, taker: 4, price: 100, quantity: 3, .buy, takerAccount: 2), filled(1),
                level(.sell, 100, 0),
                trade(maker: 2, taker: 4, price: 101, quantity: 4, .buy, takerAccount: 2), filled(2),
                level(.sell, 101, 0), partiallyFilled(4, remaining: 3), cancelled(4, .immediateOrCancel, remaining: 3),
            ])
        #expect(s.book(.sell) == [[102, 5]])
    }

    @Test("rejections carry the first failing reason and change nothing")
    func rejections() {
        let s = Scenario(
            EngineConfiguration(tickSize: 5, lotSize: 10, minQuantity: 20, maxQuantity: 1_000, maxPrice: 1_000_000))
        #expect(s.submit(.limit(1, .buy, price: 100, quantity: 20)) == [
            accepted(1, .buy, price: 100, quantity: 20), level(.buy, 100, 20),
        ])
        #expect(s.submit(.limit(1, .buy, price: 95, quantity: 20)) == [rejected(1, .duplicateOrderID)])
        #expect(s.submit(.limit(2, .buy, price: 101, quantity: 20)) == [rejected(2, .priceOffTick)])
        #expect(s.submit(.limit(2, .buy, price: 0, quantity: 20)) == [rejected(2, .invalidPrice)])
        #expect(s.submit(.limit(2, .buy, price: 1_000_005, quantity: 20)) == [rejected(2, .priceOutOfRange)])
        #expect(s.submit(.limit(2, .buy, price: 100, quantity: 25)) == [rejected(2, .quantityOffLot)])
        #expect(s.submit(.limit(2, .buy, price: 100, quantity: 10)) == [rejected(2, .quantityBelowMinimum)])
        #expect(s.submit(.limit(2, .buy, price: 100, quantity: 1_010)) == [rejected(2, .quantityAboveMaximum)])
        #expect(s.submit(.limit(2, .buy, price: 100, quantity: 0)) == [rejected(2, .invalidQuantity)])
        // Size is checked before price.
        #expect(s.submit(.limit(2, .buy, price: 101, quantity: 25)) == [rejected(2, .quantityOffLot)])
        #expect(s.cancel(9) == [rejected(9, .unknownOrder)])
        #expect(s.cancel(1, account: 2) == [rejected(1, .unknownOrder)])
        #expect(s.amend(9, price: 105) == [rejected(9, .unknownOrder)])
        #expect(s.book(.buy) == [[100, 20]])
    }

    @Test("the shared static checks reject option combinations")
    func staticRejections() {
        let s = Scenario()
        s.now = 50
        #expect(s.submit(.limit(1, .buy, price: 10, quantity: 1, timeInForce: .gtd(expiresAt: 50))) == [
            rejected(1, .alreadyExpired)
        ])
        #expect(s.submit(.market(1, .buy, quantity: 1, timeInForce: .gtc)) == [rejected(1, .invalidTimeInForce)])
        #expect(s.submit(.limit(1, .buy, price: 10, quantity: 1, timeInForce: .ioc, postOnly: true)) == [
            rejected(1, .invalidPostOnly)
        ])
        #expect(s.submit(.limit(1, .buy, price: 10, quantity: 5, display: 5)) == [rejected(1, .invalidIceberg)])
        #expect(s.submit(.triggered(1, .buy, trigger: .stop(.zero), quantity: 1)) == [rejected(1, .invalidTriggerPrice)])
        var sellByQuote = OrderRequest.marketBuy(1, spending: 100)
        sellByQuote.side = .sell
        #expect(s.submit(sellByQuote) == [rejected(1, .invalidQuoteAmount)])
        #expect(s.history.isEmpty == false && s.book(.buy) == [])
    }

    @Test("every event gets the next sequence number, across commands and rejections")
    func sequenceNumbers() {
        let s = Scenario()
        s.place(.limit(1, .sell, price: 100, quantity: 3), .limit(2, .sell, price: 101, quantity: 3))
        s.submit(.limit(2, .sell, price: 101, quantity: 3))
        s.submit(.limit(3, account: 2, .buy, price: 101, quantity: 10))
        s.cancel(3, account: 2)
        s.cancel(3, account: 2)
        s.advance(to: 100)
        #expect(s.history.count > 15)
        #expect(s.history.map(\.sequence) == Array(1...UInt64(s.history.count)))
    }
}
