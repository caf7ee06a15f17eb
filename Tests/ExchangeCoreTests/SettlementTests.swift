import BourseCore
import ExchangeCore
import Ledger
import MatchingEngine
import Testing

@Suite("Holds and settlement")
struct SettlementTests {
    let usdt = ExchangeFixture.usdt
    let btc = ExchangeFixture.btc

    @Test("a buy holds price × size plus the worst-case fee; fills pay maker and taker fees exactly; cancel releases the rest")
    func holdFillCancel() {
        let x = ExchangeFixture()
        let buy = x.place(x.alice, .limit(.buy, price: px(20_000), quantity: oneBTC / 2))
        // 10,000 USDT + 0.2% worst-case fee.
        #expect(x.balance(x.alice, "USDT") == Balance(available: 989_980 * usdt, onHold: 10_020 * usdt))
        x.place(x.bob, .limit(.sell, price: px(19_000), quantity: oneBTC / 5))
        // 0.2 BTC at the maker's 20,000: alice pays 4,000 + 0.1% maker fee, bob receives 4,000 - 0.2% taker fee.
        #expect(x.balance(x.alice, "USDT") == Balance(available: 989_980 * usdt, onHold: 6_016 * usdt))
        #expect(x.balance(x.alice, "BTC") == Balance(available: 100 * btc + btc / 5))
        #expect(x.balance(x.bob, "USDT") == Balance(available: 1_003_992 * usdt))
        #expect(x.balance(x.bob, "BTC") == Balance(available: 100 * btc - btc / 5))
        #expect(x.balance(ExchangeState.feeAccount, "USDT") == Balance(available: 12 * usdt))
        x.must(.cancel(account: x.alice, symbol: "BTC-USDT", order: .id(buy)))
        #expect(x.balance(x.alice, "USDT") == Balance(available: (1_000_000 - 4_004) * usdt))
        #expect(x.state.orders[buy]?.status == .cancelled)
        #expect(x.state.orders[buy]?.filled == Quantity(oneBTC / 5))
        x.expectInvariants()
    }

    @Test("house-spread: the buyer pays its limit, the seller gets its limit, the house keeps the difference")
    func houseSpread() {
        let x = ExchangeFixture(policy: .houseSpread, fees: .free)
        x.place(x.alice, .limit(.sell, price: px(20_000), quantity: oneBTC))
        x.place(x.bob, .limit(.buy, price: px(20_100), quantity: oneBTC))
        #expect(x.balance(x.bob, "USDT") == Balance(available: (1_000_000 - 20_100) * usdt))
        #expect(x.balance(x.alice, "USDT") == Balance(available: (1_000_000 + 20_000) * usdt))
        #expect(x.balance(ExchangeState.houseAccount, "USDT") == Balance(available: 100 * usdt))
        #expect(x.state.lastPrice("BTC-USDT") == Price(px(20_000)))
        x.expectInvariants()
    }

    @Test("insufficient balance: refused with a stable code, nothing changes")
    func insufficientBalance() {
        let x = ExchangeFixture(fund: false)
        x.must(.deposit(account: x.alice, asset: "USDT", amount: 100 * usdt))
        let ordersBefore = x.state.orders.count
        #expect(x.refused(.place(account: x.alice, symbol: "BTC-USDT", order: .limit(.buy, price: px(20_000), quantity: oneBTC))) == "insufficient_balance")
        #expect(x.refused(.place(account: x.alice, symbol: "BTC-USDT", order: .limit(.sell, price: px(20_000), quantity: oneBTC))) == "insufficient_balance")
        #expect(x.balance(x.alice, "USDT") == Balance(available: 100 * usdt))
        #expect(x.state.orders.count == ordersBefore)
        #expect(x.refused(.withdraw(account: x.alice, asset: "USDT", amount: 101 * usdt)) == "insufficient_balance")
        x.expectInvariants()
    }

    @Test("bad input gets typed errors: unknown symbol, off-tick, off-lot, non-positive size, unknown order, foreign order")
    func badInput() {
        let x = ExchangeFixture()
        #expect(x.refused(.place(account: x.alice, symbol: "ETH-USDT", order: .limit(.buy, price: 1, quantity: 100))) == "unknown_symbol")
        #expect(x.refused(.place(account: x.alice, symbol: "BTC-USDT", order: .limit(.buy, price: px(1), quantity: 150))) == "quantity_off_lot")
        #expect(x.refused(.place(account: x.alice, symbol: "BTC-USDT", order: .limit(.buy, price: px(1), quantity: -100))) == "invalid_quantity")
        #expect(x.refused(.place(account: x.alice, symbol: "BTC-USDT", order: .limit(.buy, price: 0, quantity: 100))) == "invalid_price")
        #expect(x.refused(.place(account: AccountID(999), symbol: "BTC-USDT", order: .limit(.buy, price: 1, quantity: 100))) == "unknown_account")
        let mine = x.place(x.alice, .limit(.buy, price: px(100), quantity: oneBTC))
        #expect(x.refused(.cancel(account: x.bob, symbol: "BTC-USDT", order: .id(mine))) == "unknown_order")
        #expect(x.refused(.amend(account: x.bob, symbol: "BTC-USDT", order: .id(mine), price: Price(px(101)), quantity: nil)) == "unknown_order")
        #expect(x.state.orders[mine]?.status == .new)
        x.expectInvariants()
    }

    @Test("a huge price × size is refused as an overflow, not a crash")
    func overflow() {
        let x = ExchangeFixture()
        let code = x.refused(.place(account: x.alice, symbol: "BTC-USDT", order: .limit(.buy, price: 1 << 40, quantity: 100 << 30)))
        #expect(code == "amount_overflow")
        x.expectInvariants()
    }

    @Test("market buy by quote amount holds that amount plus fee and spends it on whole lots")
    func marketBuyByQuote() {
        let x = ExchangeFixture()
        x.place(x.alice, .limit(.sell, price: px(20_000), quantity: oneBTC))
        let before = x.balance(x.bob, "USDT")
        let id = x.place(x.bob, OrderSpec(side: .buy, type: .market, quoteAmount: 1_000 * usdt))
        // 1,000 USDT buys 0.05 BTC at 20,000 exactly; taker fee 2 USDT.
        #expect(x.balance(x.bob, "USDT").available == before.available - 1_002 * usdt)
        #expect(x.balance(x.bob, "BTC").available == 100 * btc + btc / 20)
        #expect(x.state.orders[id]?.status == .filled)
        x.expectInvariants()
    }

    @Test("the price band refuses limits too far from the last trade and bounds market orders")
    func priceBand() {
        let x = ExchangeFixture()
        x.place(x.alice, .limit(.sell, price: px(20_000), quantity: oneBTC))
        x.place(x.alice, .limit(.sell, price: px(21_000), quantity: oneBTC))
        x.place(x.alice, .limit(.sell, price: px(22_500), quantity: oneBTC))  // before any trade: no band yet
        x.place(x.bob, .limit(.buy, price: px(20_000), quantity: oneBTC / 2))
        #expect(x.refused(.place(account: x.bob, symbol: "BTC-USDT", order: .limit(.buy, price: px(23_000), quantity: 100))) == "price_outside_band")
        #expect(x.refused(.place(account: x.bob, symbol: "BTC-USDT", order: .limit(.sell, price: px(17_000), quantity: 100))) == "price_outside_band")
        let market = x.place(x.bob, OrderSpec(side: .buy, type: .market, quantity: Quantity(3 * oneBTC)))
        // Protection at +10% (22,000): takes 0.5 @ 20,000 and 1 @ 21,000, never the 22,500 level.
        #expect(x.state.orders[market]?.price == Price(px(22_000)))
        #expect(x.state.orders[market]?.filled == Quantity(oneBTC + oneBTC / 2))
        #expect(x.state.orders[market]?.status == .cancelled)
        x.expectInvariants()
    }

    @Test("amend: price up takes more hold, size up beyond funds is refused and changes nothing")
    func amendHolds() {
        let x = ExchangeFixture(fund: false)
        x.must(.deposit(account: x.alice, asset: "USDT", amount: 50_000 * usdt))
        let id = x.place(x.alice, .limit(.buy, price: px(20_000), quantity: oneBTC))
        #expect(x.balance(x.alice, "USDT").onHold == 20_040 * usdt)
        x.must(.amend(account: x.alice, symbol: "BTC-USDT", order: .id(id), price: Price(px(21_000)), quantity: nil))
        #expect(x.balance(x.alice, "USDT").onHold == 21_042 * usdt)
        #expect(x.refused(.amend(account: x.alice, symbol: "BTC-USDT", order: .id(id), price: nil, quantity: Quantity(3 * oneBTC))) == "insufficient_balance")
        #expect(x.state.orders[id]?.quantity == Quantity(oneBTC))
        #expect(x.balance(x.alice, "USDT").onHold == 21_042 * usdt)
        x.must(.amend(account: x.alice, symbol: "BTC-USDT", order: .id(id), price: nil, quantity: Quantity(oneBTC / 2)))
        #expect(x.balance(x.alice, "USDT").onHold == 10_521 * usdt)
        x.expectInvariants()
    }

    @Test("long bracket: bought base stays on hold for the legs; the take-profit fills and cancels the stop-loss")
    func longBracket() {
        let x = ExchangeFixture(fees: .free)
        let reply = x.must(
            .placeBracket(
                account: x.alice, symbol: "BTC-USDT",
                bracket: BracketSpec(
                    entry: .limit(.buy, price: px(20_000), quantity: oneBTC), takeProfitPrice: Price(px(21_000)),
                    stopLossTrigger: Price(px(19_000)))))
        guard case .order(let entry, let legs) = reply else { return }
        x.place(x.bob, .limit(.sell, price: px(20_000), quantity: oneBTC))
        #expect(x.state.orders[entry.id]?.status == .filled)
        #expect(x.balance(x.alice, "BTC") == Balance(available: 100 * btc, onHold: btc))
        #expect(x.state.orders[legs[0]]?.status == .new)
        #expect(x.state.orders[legs[1]]?.status == .untriggered)
        x.place(x.bob, .limit(.buy, price: px(21_000), quantity: oneBTC))
        #expect(x.state.orders[legs[0]]?.status == .filled)
        #expect(x.state.orders[legs[1]]?.status == .cancelled)
        #expect(x.balance(x.alice, "BTC") == Balance(available: 100 * btc))
        #expect(x.balance(x.alice, "USDT") == Balance(available: (1_000_000 + 1_000) * usdt))
        x.expectInvariants()
    }

    @Test("a bracket entry cancelled unfilled releases everything")
    func bracketCancelled() {
        let x = ExchangeFixture(fees: .free)
        let reply = x.must(
            .placeBracket(
                account: x.alice, symbol: "BTC-USDT",
                bracket: BracketSpec(
                    entry: .limit(.sell, price: px(20_000), quantity: oneBTC), takeProfitPrice: Price(px(19_000)),
                    stopLossTrigger: Price(px(21_000)))))
        guard case .order(let entry, _) = reply else { return }
        #expect(x.balance(x.alice, "BTC").onHold == btc)
        #expect(x.balance(x.alice, "USDT").onHold > 0)
        x.must(.cancel(account: x.alice, symbol: "BTC-USDT", order: .id(entry.id)))
        #expect(x.balance(x.alice, "BTC") == Balance(available: 100 * btc))
        #expect(x.balance(x.alice, "USDT") == Balance(available: 1_000_000 * usdt))
        x.expectInvariants()
    }

    @Test("OCO legs share one hold (the larger of the two)")
    func ocoSharedHold() {
        let x = ExchangeFixture(fees: .free)
        x.must(
            .placeOCO(
                account: x.alice, symbol: "BTC-USDT", first: .limit(.sell, price: px(21_000), quantity: oneBTC),
                second: OrderSpec(side: .sell, type: .stopMarket, triggerPrice: Price(px(19_000)), quantity: Quantity(oneBTC))))
        #expect(x.balance(x.alice, "BTC").onHold == btc)
        x.place(x.bob, .limit(.buy, price: px(21_000), quantity: oneBTC))
        #expect(x.balance(x.alice, "BTC") == Balance(available: 99 * btc))
        x.expectInvariants()
    }

    @Test("good-till-date orders expire on the clock and give their hold back")
    func gtdExpiry() {
        let x = ExchangeFixture()
        let id = x.place(x.alice, OrderSpec(side: .buy, type: .limit, price: Price(px(100)), quantity: Quantity(oneBTC), timeInForce: .gtd(expiresAt: x.time + 5)))
        #expect(x.balance(x.alice, "USDT").onHold > 0)
        x.time += 10
        x.must(.tick)
        #expect(x.state.orders[id]?.status == .expired)
        #expect(x.balance(x.alice, "USDT").onHold == 0)
        x.expectInvariants()
    }

    @Test("client order ids are unique per account and address orders")
    func clientOrderIDs() {
        let x = ExchangeFixture()
        x.place(x.alice, .limit(.buy, price: px(100), quantity: oneBTC, clientOrderID: "a-1"))
        #expect(x.refused(.place(account: x.alice, symbol: "BTC-USDT", order: .limit(.buy, price: px(100), quantity: oneBTC, clientOrderID: "a-1"))) == "duplicate_client_order_id")
        x.place(x.bob, .limit(.buy, price: px(100), quantity: oneBTC, clientOrderID: "a-1"))
        x.must(.cancel(account: x.alice, symbol: "BTC-USDT", order: .client("a-1")))
        #expect(x.state.openOrderIDs(x.alice).isEmpty)
        #expect(x.state.openOrderIDs(x.bob).count == 1)
    }
}
