import BourseCore
import BourseTesting
import MatchingEngine
import Testing

/// Amending what waits: a pending bracket's legs (`amendBracket`) and an armed order's trigger (`amendTrigger`).
@Suite("Engine rules: amending brackets and triggers")
struct BracketAmendRuleTests {
    /// Buy 5 at 100 (id 10), take profit at 105 (id 11), stop-loss trigger 95 (id 12), account 1.
    private func bracket(stopLimit: Int64? = nil) -> EngineCommand {
        .bracket(
            BracketRequest(
                entry: .limit(10, .buy, price: 100, quantity: 5), takeProfitID: OrderID(11),
                takeProfitPrice: Price(105), stopLossID: OrderID(12), stopLossTrigger: Price(95),
                stopLossLimit: stopLimit.map { Price($0) }))
    }

    private func change(
        account: UInt32 = 1, entry: Int64? = nil, tp: Int64? = nil, sl: Int64? = nil, limit: Int64? = nil
    ) -> EngineCommand {
        .amendBracket(
            BracketAmendment(
                entry: OrderID(10), account: AccountID(account), entryPrice: entry.map { Price($0) },
                takeProfitPrice: tp.map { Price($0) }, stopLossTrigger: sl.map { Price($0) },
                stopLossLimit: limit.map { Price($0) }))
    }

    @Test("new legs for a resting entry emit nothing; the entry filling activates them at the new terms")
    func legsOnly() {
        let s = Scenario()
        s.run(bracket())
        #expect(s.run(change(tp: 107, sl: 96, limit: 95)) == [])
        #expect(
            s.submit(.limit(2, account: 2, .sell, price: 100, quantity: 5)) == [
                accepted(2, account: 2, .sell, price: 100, quantity: 5),
                trade(maker: 10, taker: 2, price: 100, quantity: 5, .sell, takerAccount: 2), filled(10),
                level(.buy, 100, 0), filled(2),
                accepted(12, .sell, price: 95, quantity: 5), accepted(11, .sell, price: 107, quantity: 5),
                level(.sell, 107, 5),
            ])
    }

    @Test("a new entry price is an amend: it may trade at once, and the legs come alive with their new terms")
    func entryPriceTrades() {
        let s = Scenario()
        s.place(.limit(1, account: 2, .sell, price: 101, quantity: 5))
        s.run(bracket())
        #expect(
            s.run(change(entry: 101, tp: 106)) == [
                amended(10, price: 101, quantity: 5, keptPriority: false), level(.buy, 100, 0),
                trade(maker: 1, taker: 10, price: 101, quantity: 5, .buy, makerAccount: 2), filled(1),
                level(.sell, 101, 0), filled(10),
                accepted(12, .sell, price: 0, quantity: 5), accepted(11, .sell, price: 106, quantity: 5),
                level(.sell, 106, 5),
            ])
    }

    @Test("refusals change nothing: legs on the wrong side of the (new) entry price, wrong account, no bracket")
    func refusals() {
        let s = Scenario()
        s.run(bracket())
        #expect(s.run(change(tp: 99)) == [rejected(10, .invalidBracket)])
        #expect(s.run(change(entry: 106)) == [rejected(10, .invalidBracket)])
        #expect(s.run(change(sl: 101)) == [rejected(10, .invalidBracket)])
        #expect(s.run(change(entry: 0)) == [rejected(10, .invalidPrice)])
        #expect(s.run(change(account: 2, tp: 107)) == [rejected(10, .unknownOrder)])
        s.place(.limit(3, .buy, price: 90, quantity: 1))
        #expect(
            s.run(.amendBracket(BracketAmendment(entry: OrderID(3), account: AccountID(1), takeProfitPrice: Price(95))))
                == [rejected(3, .unknownOrder)])
        // The legs still have their first terms.
        #expect(
            s.submit(.limit(2, account: 2, .sell, price: 100, quantity: 5)).suffix(3) == [
                accepted(12, .sell, price: 0, quantity: 5), accepted(11, .sell, price: 105, quantity: 5),
                level(.sell, 105, 5),
            ])
        // Active legs are no pending bracket any more.
        #expect(s.run(change(tp: 107)) == [rejected(10, .unknownOrder)])
    }

    @Test("an armed stop gets a new trigger, keeps its OCO partner, and fires at the new trigger")
    func amendTrigger() {
        let s = Scenario()
        s.place(.limit(1, account: 2, .sell, price: 100, quantity: 5))
        s.run(bracket(stopLimit: 94))
        #expect(
            s.run(.amendTrigger(OrderID(12), account: AccountID(1), trigger: Price(97), price: Price(96))) == [
                amended(12, price: 96, quantity: 5, keptPriority: false)
            ])
        s.place(.limit(2, account: 3, .buy, price: 97, quantity: 10))
        #expect(
            s.submit(.limit(3, account: 2, .sell, price: 97, quantity: 1)) == [
                accepted(3, account: 2, .sell, price: 97, quantity: 1),
                trade(maker: 2, taker: 3, price: 97, quantity: 1, .sell, makerAccount: 3, takerAccount: 2),
                partiallyFilled(2, remaining: 9), level(.buy, 97, 9), filled(3),
                triggered(12), cancelled(11, .ocoPartner, remaining: 5), level(.sell, 105, 0),
                trade(maker: 2, taker: 12, price: 97, quantity: 5, .sell, makerAccount: 3),
                partiallyFilled(2, remaining: 4), level(.buy, 97, 4), filled(12),
            ])
    }

    @Test("a new trigger the last price has already reached fires in the same command, like a new stop")
    func amendTriggerCrossed() {
        let s = Scenario()
        s.place(.limit(1, account: 2, .sell, price: 100, quantity: 5))
        s.run(bracket())
        #expect(
            s.run(.amendTrigger(OrderID(12), account: AccountID(1), trigger: Price(100), price: nil)) == [
                amended(12, price: 0, quantity: 5, keptPriority: false), triggered(12),
                cancelled(11, .ocoPartner, remaining: 5), level(.sell, 105, 0),
                cancelled(12, .immediateOrCancel, remaining: 5),
            ])
    }

    @Test("amendTrigger refusals: resting order, wrong account, unknown id, bad trigger or price")
    func amendTriggerRefusals() {
        let s = Scenario()
        s.place(.limit(1, .buy, price: 90, quantity: 5))
        s.submit(.triggered(2, .sell, trigger: .stop(Price(80)), quantity: 5))
        #expect(
            s.run(.amendTrigger(OrderID(1), account: AccountID(1), trigger: Price(85), price: nil)) == [
                rejected(1, .notAmendable)
            ])
        #expect(
            s.run(.amendTrigger(OrderID(2), account: AccountID(2), trigger: Price(85), price: nil)) == [
                rejected(2, .unknownOrder)
            ])
        #expect(
            s.run(.amendTrigger(OrderID(9), account: AccountID(1), trigger: Price(85), price: nil)) == [
                rejected(9, .unknownOrder)
            ])
        #expect(
            s.run(.amendTrigger(OrderID(2), account: AccountID(1), trigger: Price(0), price: nil)) == [
                rejected(2, .invalidTriggerPrice)
            ])
        #expect(
            s.run(.amendTrigger(OrderID(2), account: AccountID(1), trigger: nil, price: Price(-1))) == [
                rejected(2, .invalidPrice)
            ])
        // A plain amend of an armed order is still refused.
        #expect(s.amend(2, price: 85) == [rejected(2, .notAmendable)])
    }
}
