import BourseCore
import BourseTesting
import MatchingEngine
import Testing

/// One-cancels-other pairs.
@Suite("Engine rules: OCO")
struct OCORuleTests {
    /// Sell 5 at 105 (id 1) or stop-sell 5 at 95 (id 2), account 1.
    private let takeProfitOrStop = EngineCommand.oco(
        .limit(1, .sell, price: 105, quantity: 5), .triggered(2, .sell, trigger: .stop(Price(95)), quantity: 5))

    @Test("a fill of one leg cancels the other")
    func fillCancelsPartner() {
        let s = Scenario()
        #expect(
            s.run(takeProfitOrStop) == [
                accepted(1, .sell, price: 105, quantity: 5), accepted(2, .sell, price: 0, quantity: 5),
                level(.sell, 105, 5),
            ])
        #expect(
            s.submit(.limit(3, account: 2, .buy, price: 105, quantity: 2)) == [
                accepted(3, account: 2, .buy, price: 105, quantity: 2),
                trade(maker: 1, taker: 3, price: 105, quantity: 2, .buy, takerAccount: 2),
                partiallyFilled(1, remaining: 3), cancelled(2, .ocoPartner, remaining: 5), level(.sell, 105, 3),
                filled(3),
            ])
        // The pair is dissolved: the leg left is an ordinary order.
        #expect(s.cancel(1) == [cancelled(1, .userRequested, remaining: 3), level(.sell, 105, 0)])
    }

    @Test("the untriggered leg trading on arrival cancels the armed leg")
    func takerFillCancelsPartner() {
        let s = Scenario()
        s.place(.limit(3, account: 2, .buy, price: 106, quantity: 2))
        #expect(
            s.run(takeProfitOrStop) == [
                accepted(1, .sell, price: 105, quantity: 5), accepted(2, .sell, price: 0, quantity: 5),
                trade(maker: 3, taker: 1, price: 106, quantity: 2, .sell, makerAccount: 2), filled(3),
                cancelled(2, .ocoPartner, remaining: 5), level(.buy, 106, 0), partiallyFilled(1, remaining: 3),
                level(.sell, 105, 3),
            ])
    }

    @Test("cancelling either leg cancels both")
    func cancelCancelsPartner() {
        let s = Scenario()
        s.run(takeProfitOrStop)
        #expect(
            s.cancel(1) == [
                cancelled(1, .userRequested, remaining: 5), level(.sell, 105, 0), cancelled(2, .ocoPartner, remaining: 5),
            ])
        s.run(takeProfitOrStop)
        #expect(
            s.cancel(2) == [
                cancelled(2, .userRequested, remaining: 5), cancelled(1, .ocoPartner, remaining: 5), level(.sell, 105, 0),
            ])
    }

    @Test("the trigger firing cancels the resting leg before the stop executes")
    func triggerCancelsPartner() {
        let s = Scenario()
        s.place(.limit(3, account: 2, .buy, price: 95, quantity: 10))
        s.run(takeProfitOrStop)
        #expect(
            s.submit(.limit(4, account: 3, .sell, price: 95, quantity: 1)) == [
                accepted(4, account: 3, .sell, price: 95, quantity: 1),
                trade(maker: 3, taker: 4, price: 95, quantity: 1, .sell, makerAccount: 2, takerAccount: 3),
                partiallyFilled(3, remaining: 9), level(.buy, 95, 9), filled(4),
                triggered(2), cancelled(1, .ocoPartner, remaining: 5), level(.sell, 105, 0),
                trade(maker: 3, taker: 2, price: 95, quantity: 5, .sell, makerAccount: 2),
                partiallyFilled(3, remaining: 4), level(.buy, 95, 4), filled(2),
            ])
    }

    @Test("an IOC leg cancelled unfilled, or a GTD leg expiring, cancels its partner")
    func cancelAndExpiryCancelPartner() {
        let s = Scenario()
        #expect(
            s.run(
                .oco(
                    .limit(1, .sell, price: 105, quantity: 5, timeInForce: .ioc),
                    .triggered(2, .sell, trigger: .stop(Price(95)), quantity: 5))) == [
                accepted(1, .sell, price: 105, quantity: 5), accepted(2, .sell, price: 0, quantity: 5),
                cancelled(1, .immediateOrCancel, remaining: 5), cancelled(2, .ocoPartner, remaining: 5),
            ])
        s.run(
            .oco(
                .triggered(3, .sell, trigger: .stop(Price(95)), quantity: 5),
                .limit(4, .sell, price: 105, quantity: 5, timeInForce: .gtd(expiresAt: 10))))
        #expect(
            s.advance(to: 10) == [
                expired(4, remaining: 5), level(.sell, 105, 0), cancelled(3, .ocoPartner, remaining: 5),
            ])
    }

    @Test("cancelAll: the first leg by acceptance is mass-cancelled, its partner cancelled as OCO partner")
    func cancelAllPair() {
        let s = Scenario()
        s.run(takeProfitOrStop)
        #expect(
            s.cancelAll(1) == [
                cancelled(1, .massCancel, remaining: 5), level(.sell, 105, 0), cancelled(2, .ocoPartner, remaining: 5),
            ])
    }

    @Test("rejections reject both legs with the same reason")
    func rejections() {
        let s = Scenario()
        s.place(.limit(7, account: 2, .buy, price: 100, quantity: 1))
        let stop = OrderRequest.triggered(2, .sell, trigger: .stop(Price(95)), quantity: 5)
        #expect(
            s.run(.oco(.limit(1, account: 2, .sell, price: 105, quantity: 5), stop)) == [
                rejected(1, .invalidOCO), rejected(2, .invalidOCO),
            ])
        #expect(
            s.run(.oco(.limit(1, .sell, price: 105, quantity: 5), .triggered(7, .sell, trigger: .stop(Price(95)), quantity: 5)))
                == [rejected(1, .duplicateOrderID), rejected(7, .duplicateOrderID)])
        #expect(
            s.run(.oco(.limit(1, .sell, price: 100, quantity: 5, postOnly: true), stop)) == [
                rejected(1, .postOnlyWouldTake), rejected(2, .postOnlyWouldTake),
            ])
    }
}
