import BourseCore
import BourseTesting
import MatchingEngine
import Testing

/// Self-trade prevention, decided by the incoming order's mode.
@Suite("Engine rules: self-trade prevention")
struct SelfTradePreventionTests {
    @Test("cancelResting cancels the own resting order and keeps matching")
    func cancelResting() {
        let s = Scenario()
        s.place(.limit(1, account: 1, .sell, price: 100, quantity: 5), .limit(2, account: 2, .sell, price: 100, quantity: 5))
        #expect(
            s.submit(.limit(3, account: 1, .buy, price: 100, quantity: 8, stp: .cancelResting)) == [
                accepted(3, account: 1, .buy, price: 100, quantity: 8),
                cancelled(1, .selfTrade, remaining: 5),
                trade(maker: 2, taker: 3, price: 100, quantity: 5, .buy, makerAccount: 2, takerAccount: 1),
                filled(2), level(.sell, 100, 0), partiallyFilled(3, remaining: 3), level(.buy, 100, 3),
            ])
    }

    /// Account 2 at 100 (2), account 1 at 100 (5), account 2 at 101 (5).
    private func mixedBook() -> Scenario {
        let s = Scenario()
        s.place(
            .limit(1, account: 2, .sell, price: 100, quantity: 2), .limit(2, account: 1, .sell, price: 100, quantity: 5),
            .limit(3, account: 2, .sell, price: 101, quantity: 5))
        return s
    }

    @Test("cancelIncoming stops at the own order and cancels the incoming rest")
    func cancelIncoming() {
        let s = mixedBook()
        #expect(
            s.submit(.limit(4, account: 1, .buy, price: 101, quantity: 10, stp: .cancelIncoming)) == [
                accepted(4, account: 1, .buy, price: 101, quantity: 10),
                trade(maker: 1, taker: 4, price: 100, quantity: 2, .buy, makerAccount: 2, takerAccount: 1),
                filled(1), level(.sell, 100, 5), partiallyFilled(4, remaining: 8), cancelled(4, .selfTrade, remaining: 8),
            ])
        #expect(s.book(.sell) == [[100, 5], [101, 5]])
        // Own order at the front: nothing trades, no level changes.
        #expect(
            s.submit(.limit(5, account: 1, .buy, price: 101, quantity: 3, stp: .cancelIncoming)) == [
                accepted(5, account: 1, .buy, price: 101, quantity: 3), cancelled(5, .selfTrade, remaining: 3),
            ])
    }

    @Test("cancelBoth cancels the own resting order and the incoming rest")
    func cancelBoth() {
        let s = mixedBook()
        #expect(
            s.submit(.limit(4, account: 1, .buy, price: 101, quantity: 10, stp: .cancelBoth)) == [
                accepted(4, account: 1, .buy, price: 101, quantity: 10),
                trade(maker: 1, taker: 4, price: 100, quantity: 2, .buy, makerAccount: 2, takerAccount: 1),
                filled(1), cancelled(2, .selfTrade, remaining: 5), level(.sell, 100, 0),
                partiallyFilled(4, remaining: 8), cancelled(4, .selfTrade, remaining: 8),
            ])
        #expect(s.book(.sell) == [[101, 5]])
    }

    /// Account 2 at 100 (2), account 1 then 2 at 101 (3, 4), account 2 at 102 (5).
    private func sweepBook() -> Scenario {
        let s = Scenario()
        s.place(
            .limit(1, account: 2, .sell, price: 100, quantity: 2), .limit(2, account: 2, .sell, price: 101, quantity: 3),
            .limit(3, account: 1, .sell, price: 101, quantity: 4), .limit(4, account: 2, .sell, price: 102, quantity: 5))
        return s
    }

    @Test("cancelResting inside a sweep over several levels")
    func cancelRestingInSweep() {
        let s = Scenario()
        s.place(
            .limit(1, account: 2, .sell, price: 100, quantity: 2), .limit(2, account: 1, .sell, price: 101, quantity: 3),
            .limit(3, account: 2, .sell, price: 101, quantity: 4), .limit(4, account: 2, .sell, price: 102, quantity: 5))
        #expect(
            s.submit(.limit(5, account: 1, .buy, price: 102, quantity: 10, stp: .cancelResting)) == [
                accepted(5, account: 1, .buy, price: 102, quantity: 10),
                trade(maker: 1, taker: 5, price: 100, quantity: 2, .buy, makerAccount: 2, takerAccount: 1), filled(1),
                level(.sell, 100, 0),
                cancelled(2, .selfTrade, remaining: 3),
                trade(maker: 3, taker: 5, price: 101, quantity: 4, .buy, makerAccount: 2, takerAccount: 1), filled(3),
                level(.sell, 101, 0),
                trade(maker: 4, taker: 5, price: 102, quantity: 4, .buy, makerAccount: 2, takerAccount: 1),
                partiallyFilled(4, remaining: 1), level(.sell, 102, 1), filled(5),
            ])
    }

    @Test("cancelBoth inside a sweep stops on the level of the own order")
    func cancelBothInSweep() {
        let s = sweepBook()
        #expect(
            s.submit(.limit(5, account: 1, .buy, price: 102, quantity: 10, stp: .cancelBoth)) == [
                accepted(5, account: 1, .buy, price: 102, quantity: 10),
                trade(maker: 1, taker: 5, price: 100, quantity: 2, .buy, makerAccount: 2, takerAccount: 1), filled(1),
                level(.sell, 100, 0),
                trade(maker: 2, taker: 5, price: 101, quantity: 3, .buy, makerAccount: 2, takerAccount: 1), filled(2),
                cancelled(3, .selfTrade, remaining: 4), level(.sell, 101, 0),
                partiallyFilled(5, remaining: 5), cancelled(5, .selfTrade, remaining: 5),
            ])
        #expect(s.book(.sell) == [[102, 5]])
    }

    @Test("with none, an account trades with itself whatever the resting order's mode")
    func noPrevention() {
        let s = Scenario()
        s.place(.limit(1, account: 1, .sell, price: 100, quantity: 5, stp: .cancelBoth))
        #expect(
            s.submit(.limit(2, account: 1, .buy, price: 100, quantity: 5)) == [
                accepted(2, account: 1, .buy, price: 100, quantity: 5),
                trade(maker: 1, taker: 2, price: 100, quantity: 5, .buy), filled(1), level(.sell, 100, 0), filled(2),
            ])
    }

    @Test("FOK pre-check: cancelIncoming stops the walk at the own order, cancelResting skips it")
    func fillOrKillPreCheck() {
        let s = mixedBook()
        #expect(
            s.submit(.limit(4, account: 1, .buy, price: 101, quantity: 6, timeInForce: .fok, stp: .cancelIncoming)) == [
                accepted(4, account: 1, .buy, price: 101, quantity: 6), cancelled(4, .fillOrKill, remaining: 6),
            ])
        #expect(
            s.submit(.limit(5, account: 1, .buy, price: 101, quantity: 6, timeInForce: .fok, stp: .cancelResting)) == [
                accepted(5, account: 1, .buy, price: 101, quantity: 6),
                trade(maker: 1, taker: 5, price: 100, quantity: 2, .buy, makerAccount: 2, takerAccount: 1), filled(1),
                cancelled(2, .selfTrade, remaining: 5), level(.sell, 100, 0),
                trade(maker: 3, taker: 5, price: 101, quantity: 4, .buy, makerAccount: 2, takerAccount: 1),
                partiallyFilled(3, remaining: 1), level(.sell, 101, 1), filled(5),
            ])
        // Without prevention the own order counts, and trades.
        #expect(
            s.submit(.limit(6, account: 2, .buy, price: 101, quantity: 1, timeInForce: .fok)) == [
                accepted(6, account: 2, .buy, price: 101, quantity: 1),
                trade(maker: 3, taker: 6, price: 101, quantity: 1, .buy, makerAccount: 2, takerAccount: 2), filled(3),
                level(.sell, 101, 0), filled(6),
            ])
    }

    /// The pre-check counts a whole iceberg; its refresh then moves it behind the own order, where matching stops.
    /// The rules as written make this FOK trade partially (see "Clarifications" in the spec).
    @Test("a FOK that passed the pre-check can still be stopped by prevention after an iceberg refresh")
    func fillOrKillIcebergAndPrevention() {
        let s = Scenario()
        s.place(
            .limit(1, account: 2, .sell, price: 100, quantity: 10, display: 2),
            .limit(2, account: 1, .sell, price: 100, quantity: 3))
        #expect(
            s.submit(.limit(3, account: 1, .buy, price: 100, quantity: 6, timeInForce: .fok, stp: .cancelIncoming)) == [
                accepted(3, account: 1, .buy, price: 100, quantity: 6),
                trade(maker: 1, taker: 3, price: 100, quantity: 2, .buy, makerAccount: 2, takerAccount: 1),
                partiallyFilled(1, remaining: 8), level(.sell, 100, 5),
                partiallyFilled(3, remaining: 4), cancelled(3, .selfTrade, remaining: 4),
            ])
    }
}
