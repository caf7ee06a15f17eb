import BourseCore
import BourseTesting
import MatchingEngine
import Testing

/// Brackets: reserved leg ids, deferred activation, the legs' OCO pair.
@Suite("Engine rules: brackets")
struct BracketRuleTests {
    /// Buy `quantity` at 100 (id 10), take profit at 105 (id 11), stop-loss trigger 95 (id 12), account 1.
    private func bracket(
        quantity: Int64 = 5, timeInForce: TimeInForce = .gtc, stopLimit: Int64? = nil
    ) -> EngineCommand {
        .bracket(
            BracketRequest(
                entry: .limit(10, .buy, price: 100, quantity: quantity, timeInForce: timeInForce),
                takeProfitID: OrderID(11), takeProfitPrice: Price(105), stopLossID: OrderID(12),
                stopLossTrigger: Price(95), stopLossLimit: stopLimit.map { Price($0) }))
    }

    @Test("the entry fills, the legs are accepted; the take-profit filling cancels the stop-loss")
    func entryThenTakeProfit() {
        let s = Scenario()
        s.place(.limit(1, account: 2, .sell, price: 100, quantity: 5))
        #expect(
            s.run(bracket()) == [
                accepted(10, .buy, price: 100, quantity: 5),
                trade(maker: 1, taker: 10, price: 100, quantity: 5, .buy, makerAccount: 2), filled(1),
                level(.sell, 100, 0), filled(10),
                accepted(12, .sell, price: 0, quantity: 5), accepted(11, .sell, price: 105, quantity: 5),
                level(.sell, 105, 5),
            ])
        #expect(
            s.submit(.limit(20, account: 2, .buy, price: 105, quantity: 5)) == [
                accepted(20, account: 2, .buy, price: 105, quantity: 5),
                trade(maker: 11, taker: 20, price: 105, quantity: 5, .buy, takerAccount: 2), filled(11),
                cancelled(12, .ocoPartner, remaining: 5), level(.sell, 105, 0), filled(20),
            ])
    }

    @Test("a resting entry filled as maker activates after the incoming order finished; stop-limit leg")
    func entryFilledAsMaker() {
        let s = Scenario()
        #expect(s.run(bracket(stopLimit: 94)) == [accepted(10, .buy, price: 100, quantity: 5), level(.buy, 100, 5)])
        #expect(
            s.submit(.limit(2, account: 2, .sell, price: 100, quantity: 8)) == [
                accepted(2, account: 2, .sell, price: 100, quantity: 8),
                trade(maker: 10, taker: 2, price: 100, quantity: 5, .sell, takerAccount: 2), filled(10),
                level(.buy, 100, 0), partiallyFilled(2, remaining: 3), level(.sell, 100, 3),
                accepted(12, .sell, price: 94, quantity: 5), accepted(11, .sell, price: 105, quantity: 5),
                level(.sell, 105, 5),
            ])
    }

    @Test("an entry partially filled then cancelled activates legs for the filled size, below the minimum too")
    func partialEntryCancelled() {
        let s = Scenario(EngineConfiguration(minQuantity: 5))
        // Leaves 3 of order 1 for the entry: a fill below the minimum size.
        s.place(.limit(1, account: 2, .sell, price: 100, quantity: 8), .limit(2, account: 3, .buy, price: 100, quantity: 5))
        #expect(
            s.run(bracket(quantity: 10)) == [
                accepted(10, .buy, price: 100, quantity: 10),
                trade(maker: 1, taker: 10, price: 100, quantity: 3, .buy, makerAccount: 2), filled(1),
                level(.sell, 100, 0), partiallyFilled(10, remaining: 7), level(.buy, 100, 7),
            ])
        // Leg ids are reserved, not live.
        #expect(s.submit(.limit(11, .sell, price: 200, quantity: 5)) == [rejected(11, .duplicateOrderID)])
        #expect(s.cancel(11) == [rejected(11, .unknownOrder)])
        #expect(
            s.cancel(10) == [
                cancelled(10, .userRequested, remaining: 7), level(.buy, 100, 0),
                accepted(12, .sell, price: 0, quantity: 3), accepted(11, .sell, price: 105, quantity: 3),
                level(.sell, 105, 3),
            ])
    }

    @Test("cancelAll releases the legs: no activation, ids free again")
    func cancelAllReleases() {
        let s = Scenario()
        s.run(bracket(quantity: 10))
        s.submit(.limit(2, account: 2, .sell, price: 100, quantity: 4))
        #expect(s.cancelAll(1) == [cancelled(10, .massCancel, remaining: 6), level(.buy, 100, 0)])
        #expect(s.submit(.limit(11, .sell, price: 200, quantity: 1)) == [
            accepted(11, .sell, price: 200, quantity: 1), level(.sell, 200, 1),
        ])
    }

    @Test("an entry cancelled unfilled releases the ids")
    func unfilledEntryReleases() {
        let s = Scenario()
        s.run(bracket())
        #expect(s.cancel(10) == [cancelled(10, .userRequested, remaining: 5), level(.buy, 100, 0)])
        #expect(s.submit(.limit(12, .sell, price: 200, quantity: 1)).first == accepted(12, .sell, price: 200, quantity: 1))
    }

    @Test("an entry expiring after a partial fill activates right after the expiry, before the command")
    func entryExpires() {
        let s = Scenario()
        s.run(bracket(quantity: 10, timeInForce: .gtd(expiresAt: 10)))
        s.submit(.limit(2, account: 2, .sell, price: 100, quantity: 4))
        #expect(
            s.cancel(99, now: 10) == [
                expired(10, remaining: 6), level(.buy, 100, 0),
                accepted(12, .sell, price: 0, quantity: 4), accepted(11, .sell, price: 105, quantity: 4),
                level(.sell, 105, 4), rejected(99, .unknownOrder),
            ])
    }

    @Test("the entry's own fill price already reaches the stop-loss: it fires in the same command")
    func stopLossFiresAtOnce() {
        let s = Scenario()
        s.place(.limit(1, account: 2, .sell, price: 95, quantity: 5))
        let command = EngineCommand.bracket(
            BracketRequest(
                entry: .market(10, .buy, quantity: 5), takeProfitID: OrderID(11), takeProfitPrice: Price(110),
                stopLossID: OrderID(12), stopLossTrigger: Price(96)))
        #expect(
            s.run(command) == [
                accepted(10, .buy, price: 0, quantity: 5),
                trade(maker: 1, taker: 10, price: 95, quantity: 5, .buy, makerAccount: 2), filled(1),
                level(.sell, 95, 0), filled(10),
                accepted(12, .sell, price: 0, quantity: 5), accepted(11, .sell, price: 110, quantity: 5),
                level(.sell, 110, 5),
                triggered(12), cancelled(11, .ocoPartner, remaining: 5), level(.sell, 110, 0),
                cancelled(12, .immediateOrCancel, remaining: 5),
            ])
    }

    @Test("rejections name the entry: inconsistent legs, taken ids, FOK entry killed releases ids")
    func rejections() {
        let s = Scenario()
        s.place(.limit(12, .buy, price: 90, quantity: 1))
        #expect(s.run(bracket()) == [rejected(10, .duplicateOrderID)])
        s.cancel(12)
        let inverted = EngineCommand.bracket(
            BracketRequest(
                entry: .limit(10, .buy, price: 100, quantity: 5), takeProfitID: OrderID(11),
                takeProfitPrice: Price(95), stopLossID: OrderID(12), stopLossTrigger: Price(105)))
        #expect(s.run(inverted) == [rejected(10, .invalidBracket)])
        #expect(
            s.run(bracket(timeInForce: .fok)) == [
                accepted(10, .buy, price: 100, quantity: 5), cancelled(10, .fillOrKill, remaining: 5),
            ])
        #expect(s.run(bracket()) == [accepted(10, .buy, price: 100, quantity: 5), level(.buy, 100, 5)])
    }
}
