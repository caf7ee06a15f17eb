import BourseCore
import ExchangeCore
import Ledger
import MatchingEngine
import Testing

/// `modifyBracket`: the entry price and the legs' terms while the entry is open, the live legs afterwards; holds
/// follow, refusals change nothing. Fees are off so the figures are prices × sizes.
@Suite("Modifying bracket positions")
struct BracketModifyTests {
    let usdt = ExchangeFixture.usdt
    let btc = ExchangeFixture.btc

    /// Places a bracket of alice for one BTC; returns the entry id and the leg ids (take-profit, stop-loss).
    func bracket(
        _ x: ExchangeFixture, _ side: Side, price: Int64, tp: Int64, sl: Int64, limit: Int64? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> (OrderID, OrderID, OrderID) {
        let reply = x.must(
            .placeBracket(
                account: x.alice, symbol: "BTC-USDT",
                bracket: BracketSpec(
                    entry: .limit(side, price: px(price), quantity: oneBTC), takeProfitPrice: Price(px(tp)),
                    stopLossTrigger: Price(px(sl)), stopLossLimit: limit.map { Price(px($0)) })),
            sourceLocation: sourceLocation)
        guard case .order(let entry, let legs) = reply else { return (OrderID(0), OrderID(0), OrderID(0)) }
        return (entry.id, legs[0], legs[1])
    }

    func modify(
        _ x: ExchangeFixture, _ entry: OrderID, account: AccountID? = nil, entryPrice: Int64? = nil, tp: Int64? = nil,
        sl: Int64? = nil, limit: Int64? = nil
    ) -> ExchangeCommand {
        .modifyBracket(
            account: account ?? x.alice, symbol: "BTC-USDT", entry: .id(entry),
            change: BracketChange(
                entryPrice: entryPrice.map { Price(px($0)) }, takeProfitPrice: tp.map { Price(px($0)) },
                stopLossTrigger: sl.map { Price(px($0)) }, stopLossLimit: limit.map { Price(px($0)) }))
    }

    func carol(_ x: ExchangeFixture) -> AccountID {
        let carol = x.account(x.must(.createUser(name: "carol", passwordHash: "z")))
        x.must(.deposit(account: carol, asset: "USDT", amount: 1_000_000 * usdt))
        x.must(.deposit(account: carol, asset: "BTC", amount: 100 * btc))
        return carol
    }

    @Test("pending long: entry, take-profit and stop-loss change in one command; the fill activates the new legs")
    func pendingLong() {
        let x = ExchangeFixture(fees: .free)
        let (entry, tp, sl) = bracket(x, .buy, price: 20_000, tp: 21_000, sl: 19_000)
        x.must(modify(x, entry, entryPrice: 20_100, tp: 21_500, sl: 19_500, limit: 19_400))
        #expect(x.balance(x.alice, "USDT") == Balance(available: (1_000_000 - 20_100) * usdt, onHold: 20_100 * usdt))
        #expect(x.state.orders[entry]?.price == Price(px(20_100)))
        x.expectInvariants()

        x.place(x.bob, .limit(.sell, price: px(20_100), quantity: oneBTC))
        #expect(x.state.orders[entry]?.status == .filled)
        #expect(x.state.orders[tp]?.price == Price(px(21_500)))
        #expect(x.state.orders[tp]?.status == .new)
        #expect(x.state.orders[sl]?.triggerPrice == Price(px(19_500)))
        #expect(x.state.orders[sl]?.price == Price(px(19_400)))
        #expect(x.state.orders[sl]?.type == .stopLimit)
        #expect(x.state.orders[sl]?.status == .untriggered)
        #expect(x.balance(x.alice, "BTC") == Balance(available: 100 * btc, onHold: btc))
        #expect(x.balance(x.alice, "USDT") == Balance(available: (1_000_000 - 20_100) * usdt))
        x.expectInvariants()
    }

    @Test(
        "pending short, partly filled: the legs' hold follows the worse leg limit; the legs come alive at the new terms"
    )
    func pendingShortPartlyFilled() {
        let x = ExchangeFixture(fees: .free)
        let (entry, tp, sl) = bracket(x, .sell, price: 20_000, tp: 19_000, sl: 21_000, limit: 21_500)
        #expect(x.balance(x.alice, "USDT").onHold == 21_500 * usdt)
        x.must(modify(x, entry, limit: 22_000))
        #expect(x.balance(x.alice, "USDT").onHold == 22_000 * usdt)
        #expect(x.refused(modify(x, entry, limit: 2_000_000)) == "insufficient_balance")
        #expect(x.balance(x.alice, "USDT").onHold == 22_000 * usdt)
        x.expectInvariants()

        x.place(x.bob, .limit(.buy, price: px(20_000), quantity: oneBTC / 2))
        #expect(x.state.orders[entry]?.status == .partiallyFilled)
        x.must(modify(x, entry, tp: 18_000, sl: 20_800, limit: 21_000))
        #expect(
            x.balance(x.alice, "USDT")
                == Balance(available: (1_000_000 + 10_000 - 21_000) * usdt, onHold: 21_000 * usdt))
        x.expectInvariants()

        x.place(x.bob, .limit(.buy, price: px(20_000), quantity: oneBTC / 2))
        #expect(x.state.orders[entry]?.status == .filled)
        #expect(x.state.orders[tp]?.price == Price(px(18_000)))
        #expect(x.state.orders[tp]?.quantity == Quantity(oneBTC))
        #expect(x.state.orders[sl]?.triggerPrice == Price(px(20_800)))
        #expect(x.state.orders[sl]?.price == Price(px(21_000)))
        #expect(
            x.balance(x.alice, "USDT")
                == Balance(available: (1_000_000 + 20_000 - 21_000) * usdt, onHold: 21_000 * usdt))
        #expect(x.balance(x.alice, "BTC") == Balance(available: 99 * btc))
        x.expectInvariants()
    }

    @Test("live long legs: a new take-profit price and stop trigger; the stop fires at its new trigger")
    func liveLong() {
        let x = ExchangeFixture(fees: .free)
        let carol = carol(x)
        let (entry, tp, sl) = bracket(x, .buy, price: 20_000, tp: 21_000, sl: 19_000)
        x.place(x.bob, .limit(.sell, price: px(20_000), quantity: oneBTC))
        x.must(modify(x, entry, tp: 21_500))
        #expect(x.state.orders[tp]?.price == Price(px(21_500)))
        #expect(x.state.book("BTC-USDT", side: .sell).map(\.price) == [Price(px(21_500))])
        x.must(modify(x, entry, sl: 19_500))
        #expect(x.state.orders[sl]?.triggerPrice == Price(px(19_500)))
        #expect(x.state.orders[sl]?.status == .untriggered)
        #expect(x.state.orders[sl]?.price == nil)
        #expect(x.balance(x.alice, "BTC") == Balance(available: 100 * btc, onHold: btc))
        x.expectInvariants()

        #expect(x.refused(modify(x, entry, limit: 19_400)) == "invalid_order")  // a stop-market has no limit
        #expect(x.refused(modify(x, entry, sl: 21_600)) == "invalid_bracket")  // above the take-profit
        #expect(x.refused(modify(x, entry, entryPrice: 20_050)) == "invalid_order")  // the entry is done

        x.place(x.bob, .limit(.buy, price: px(19_500), quantity: 2 * oneBTC))
        x.place(carol, .limit(.sell, price: px(19_500), quantity: oneBTC / 100))
        #expect(x.state.orders[sl]?.status == .filled)
        #expect(x.state.orders[tp]?.status == .cancelled)
        #expect(x.balance(x.alice, "BTC") == Balance(available: 100 * btc))
        #expect(x.balance(x.alice, "USDT") == Balance(available: (1_000_000 - 500) * usdt))
        #expect(x.refused(modify(x, entry, tp: 21_000)) == "bracket_closed")
        x.expectInvariants()
    }

    @Test("live stop-loss moved to a trigger the last price has reached fires at once and cancels the take-profit")
    func liveStopCrossed() {
        let x = ExchangeFixture(fees: .free)
        let (entry, tp, sl) = bracket(x, .buy, price: 20_000, tp: 21_000, sl: 19_000)
        x.place(x.bob, .limit(.sell, price: px(20_000), quantity: oneBTC))
        x.place(x.bob, .limit(.buy, price: px(19_900), quantity: oneBTC))
        x.must(modify(x, entry, sl: 20_000))
        #expect(x.state.orders[sl]?.triggerPrice == Price(px(20_000)))
        #expect(x.state.orders[sl]?.status == .filled)
        #expect(x.state.orders[tp]?.status == .cancelled)
        #expect(x.balance(x.alice, "USDT") == Balance(available: (1_000_000 - 100) * usdt))
        #expect(x.balance(x.alice, "BTC") == Balance(available: 100 * btc))
        x.expectInvariants()
    }

    @Test("live short legs: the shared hold follows the worse of the two buy limits; the take-profit fills")
    func liveShort() {
        let x = ExchangeFixture(fees: .free)
        let (entry, tp, sl) = bracket(x, .sell, price: 20_000, tp: 19_000, sl: 21_000, limit: 21_500)
        x.place(x.bob, .limit(.buy, price: px(20_000), quantity: oneBTC))
        #expect(
            x.balance(x.alice, "USDT")
                == Balance(available: (1_000_000 + 20_000 - 21_500) * usdt, onHold: 21_500 * usdt))
        #expect(x.refused(modify(x, entry, limit: 2_000_000)) == "insufficient_balance")
        #expect(x.refused(modify(x, entry, tp: 21_100)) == "invalid_bracket")  // above the stop
        x.must(modify(x, entry, tp: 19_500, limit: 21_200))
        #expect(x.state.orders[tp]?.price == Price(px(19_500)))
        #expect(x.state.orders[sl]?.price == Price(px(21_200)))
        #expect(x.balance(x.alice, "USDT").onHold == 21_200 * usdt)
        x.expectInvariants()

        x.place(x.bob, .limit(.sell, price: px(19_500), quantity: oneBTC))
        #expect(x.state.orders[tp]?.status == .filled)
        #expect(x.state.orders[sl]?.status == .cancelled)
        #expect(x.balance(x.alice, "USDT") == Balance(available: (1_000_000 + 500) * usdt))
        x.expectInvariants()
    }

    @Test("refusals have stable codes and change nothing; the legs later come alive with their first terms")
    func refusalsChangeNothing() {
        let x = ExchangeFixture(fees: .free)
        let carol = carol(x)
        x.place(x.bob, .limit(.sell, price: px(20_000), quantity: oneBTC / 100))
        x.place(carol, .limit(.buy, price: px(20_000), quantity: oneBTC / 100))
        let (entry, tp, sl) = bracket(x, .buy, price: 19_500, tp: 21_000, sl: 18_500)
        let plain = x.place(x.alice, .limit(.buy, price: px(19_000), quantity: oneBTC))
        let accounts = [x.alice, x.bob, carol]
        let before = Fingerprint(x.state, accounts: accounts)
        let ordersBefore = x.state.orders
        let refusals: [(ExchangeCommand, String)] = [
            (modify(x, plain, tp: 21_000), "unknown_bracket"),
            (modify(x, entry, account: x.bob, tp: 21_500), "unknown_bracket"),
            (modify(x, OrderID(9_999), tp: 21_500), "unknown_bracket"),
            (
                .modifyBracket(account: x.alice, symbol: "BTC-USDT", entry: .id(entry), change: BracketChange()),
                "invalid_order"
            ),
            (modify(x, entry, tp: 19_400), "invalid_bracket"),
            (modify(x, entry, entryPrice: 21_500), "invalid_bracket"),
            (modify(x, entry, sl: 19_600), "invalid_bracket"),
            (modify(x, entry, tp: 0), "invalid_bracket"),
            (modify(x, entry, entryPrice: 17_900, sl: 17_000), "price_outside_band"),
            (modify(x, entry, entryPrice: 100_000, tp: 110_000), "price_outside_band"),
            (
                .modifyBracket(
                    account: x.alice, symbol: "ETH-USDT", entry: .id(entry),
                    change: BracketChange(takeProfitPrice: Price(1))), "unknown_symbol"
            ),
            (
                .amend(
                    account: x.alice, symbol: "BTC-USDT", order: .id(entry), price: Price(px(21_100)), quantity: nil),
                "invalid_bracket"
            ),
        ]
        for (command, code) in refusals {
            #expect(x.refused(command) == code, "\(command)")
            #expect(Fingerprint(x.state, accounts: accounts) == before)
            #expect(x.state.orders == ordersBefore)
            x.expectInvariants()
        }
        x.place(x.bob, .limit(.sell, price: px(19_500), quantity: oneBTC))
        #expect(x.state.orders[entry]?.status == .filled)
        #expect(x.state.orders[tp]?.price == Price(px(21_000)))
        #expect(x.state.orders[sl]?.triggerPrice == Price(px(18_500)))
        x.expectInvariants()
    }
}
