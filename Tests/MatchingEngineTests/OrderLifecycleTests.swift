import BourseCore
import BourseTesting
import MatchingEngine
import Testing

/// Expiry, icebergs, cancel and cancel-all.
@Suite("Engine rules: expiry, icebergs, cancels")
struct OrderLifecycleTests {
    @Test("a GTD order expires when the clock reaches its time")
    func expiryByClock() {
        let s = Scenario()
        #expect(
            s.submit(.limit(1, .buy, price: 100, quantity: 5, timeInForce: .gtd(expiresAt: 10)), now: 0) == [
                accepted(1, .buy, price: 100, quantity: 5), level(.buy, 100, 5),
            ])
        #expect(s.advance(to: 9) == [])
        #expect(s.advance(to: 10) == [expired(1, remaining: 5), level(.buy, 100, 0)])
        #expect(s.book(.buy) == [])
    }

    @Test("expiry runs before the command, by expiry time then acceptance, with the remaining size")
    func expiryOrder() {
        let s = Scenario()
        s.place(
            .limit(1, .buy, price: 100, quantity: 5, timeInForce: .gtd(expiresAt: 20)),
            .limit(2, .buy, price: 99, quantity: 5, timeInForce: .gtd(expiresAt: 15)),
            .limit(3, .buy, price: 98, quantity: 5, timeInForce: .gtd(expiresAt: 15)),
            .limit(4, account: 2, .sell, price: 100, quantity: 2))
        #expect(
            s.cancel(9, now: 30) == [
                expired(2, remaining: 5), level(.buy, 99, 0), expired(3, remaining: 5), level(.buy, 98, 0),
                expired(1, remaining: 3), level(.buy, 100, 0), rejected(9, .unknownOrder),
            ])
    }

    @Test("the clock never goes back; GTD times are checked against it")
    func monotonicClock() {
        let s = Scenario()
        s.advance(to: 10)
        #expect(s.submit(.limit(1, .buy, price: 10, quantity: 1, timeInForce: .gtd(expiresAt: 10)), now: 5) == [
            rejected(1, .alreadyExpired)
        ])
        s.submit(.limit(2, .buy, price: 10, quantity: 1, timeInForce: .gtd(expiresAt: 12)), now: 5)
        #expect(s.advance(to: 11) == [])
        #expect(s.advance(to: 3) == [])
        #expect(s.advance(to: 12) == [expired(2, remaining: 1), level(.buy, 10, 0)])
    }

    @Test("an armed GTD stop-limit expires without a level event")
    func armedExpiry() {
        let s = Scenario()
        s.submit(.triggered(1, .buy, trigger: .stop(Price(200)), limit: 201, quantity: 4, timeInForce: .gtd(expiresAt: 5)))
        #expect(s.advance(to: 5) == [expired(1, remaining: 4)])
    }

    @Test("an iceberg shows its slice; a refresh sends it behind the orders already there")
    func icebergRefresh() {
        let s = Scenario()
        #expect(
            s.submit(.limit(1, account: 1, .sell, price: 100, quantity: 10, display: 3)) == [
                accepted(1, account: 1, .sell, price: 100, quantity: 10), level(.sell, 100, 3),
            ])
        #expect(
            s.submit(.limit(2, account: 2, .sell, price: 100, quantity: 5)) == [
                accepted(2, account: 2, .sell, price: 100, quantity: 5), level(.sell, 100, 8),
            ])
        #expect(
            s.submit(.limit(3, account: 3, .buy, price: 100, quantity: 3)) == [
                accepted(3, account: 3, .buy, price: 100, quantity: 3),
                trade(maker: 1, taker: 3, price: 100, quantity: 3, .buy, makerAccount: 1, takerAccount: 3),
                partiallyFilled(1, remaining: 7), level(.sell, 100, 8), filled(3),
            ])
        // Order 2 is now ahead of the refreshed slice.
        #expect(
            s.submit(.limit(4, account: 3, .buy, price: 100, quantity: 4)) == [
                accepted(4, account: 3, .buy, price: 100, quantity: 4),
                trade(maker: 2, taker: 4, price: 100, quantity: 4, .buy, makerAccount: 2, takerAccount: 3),
                partiallyFilled(2, remaining: 1), level(.sell, 100, 4), filled(4),
            ])
        // One incoming order can take several slices of the same iceberg.
        #expect(
            s.submit(.limit(5, account: 3, .buy, price: 100, quantity: 6)) == [
                accepted(5, account: 3, .buy, price: 100, quantity: 6),
                trade(maker: 2, taker: 5, price: 100, quantity: 1, .buy, makerAccount: 2, takerAccount: 3), filled(2),
                trade(maker: 1, taker: 5, price: 100, quantity: 3, .buy, makerAccount: 1, takerAccount: 3),
                partiallyFilled(1, remaining: 4),
                trade(maker: 1, taker: 5, price: 100, quantity: 2, .buy, makerAccount: 1, takerAccount: 3),
                partiallyFilled(1, remaining: 2), level(.sell, 100, 1), filled(5),
            ])
    }

    @Test("an incoming iceberg rests with at most its display size visible")
    func icebergRests() {
        let s = Scenario()
        s.place(.limit(1, account: 2, .sell, price: 100, quantity: 7))
        #expect(
            s.submit(.limit(2, .buy, price: 100, quantity: 10, display: 4)) == [
                accepted(2, .buy, price: 100, quantity: 10),
                trade(maker: 1, taker: 2, price: 100, quantity: 7, .buy, makerAccount: 2), filled(1),
                level(.sell, 100, 0), partiallyFilled(2, remaining: 3), level(.buy, 100, 3),
            ])
    }

    @Test("cancel: resting with a level event, armed without, others refused")
    func cancel() {
        let s = Scenario()
        s.place(.limit(1, .buy, price: 100, quantity: 5), .triggered(2, .sell, trigger: .stop(Price(90)), quantity: 3))
        #expect(s.cancel(1) == [cancelled(1, .userRequested, remaining: 5), level(.buy, 100, 0)])
        #expect(s.cancel(2, account: 2) == [rejected(2, .unknownOrder)])
        #expect(s.cancel(2) == [cancelled(2, .userRequested, remaining: 3)])
        #expect(s.cancel(2) == [rejected(2, .unknownOrder)])
    }

    @Test("cancelAll cancels the account's orders in acceptance order; nothing to cancel, no events")
    func cancelAll() {
        let s = Scenario()
        s.place(
            .limit(1, .buy, price: 99, quantity: 5), .triggered(2, .sell, trigger: .stop(Price(90)), quantity: 3),
            .limit(3, .sell, price: 105, quantity: 4), .limit(4, account: 2, .buy, price: 98, quantity: 2),
            .limit(5, .buy, price: 98, quantity: 6), .limit(6, account: 2, .sell, price: 105, quantity: 1))
        s.submit(.limit(7, account: 2, .sell, price: 99, quantity: 2))
        #expect(
            s.cancelAll(1) == [
                cancelled(1, .massCancel, remaining: 3), level(.buy, 99, 0), cancelled(2, .massCancel, remaining: 3),
                cancelled(3, .massCancel, remaining: 4), level(.sell, 105, 1), cancelled(5, .massCancel, remaining: 6),
                level(.buy, 98, 2),
            ])
        #expect(s.book(.buy) == [[98, 2]])
        #expect(s.cancelAll(1) == [])
    }
}
