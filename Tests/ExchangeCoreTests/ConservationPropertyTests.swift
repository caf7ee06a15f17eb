import BourseCore
import ExchangeCore
import Ledger
import MatchingEngine
import Testing

/// Random command streams over every command and order type: after every command the invariants hold
/// (conservation per asset, holds equal their groups), refused commands change no balance and no order, and
/// replaying the same commands gives the same events and the same state.
@Suite("Exchange property tests")
struct ConservationPropertyTests {
    static let seeds: [UInt64] = [1, 2, 3, 4, 5, 6]

    @Test("conservation and hold invariants after every command; refusals change nothing", arguments: seeds)
    func invariantsOnRandomStreams(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let policy: PriceImprovementPolicy = seed % 2 == 0 ? .houseSpread : .makerPrice
        let fees = seed % 3 == 0 ? FeeSchedule.free : try! FeeSchedule(makerRate: 500, takerRate: 1_500)
        let x = ExchangeFixture(policy: policy, fees: fees, band: seed % 4 == 0 ? 0 : 2_000)
        let carol = x.account(x.must(.createUser(name: "carol", passwordHash: "z")))
        let accounts = [x.alice, x.bob, carol]
        x.must(.deposit(account: carol, asset: "USDT", amount: 20_000 * ExchangeFixture.usdt))
        var generator = RandomExchangeCommands(accounts: accounts, symbol: "BTC-USDT")
        var refusals = 0
        var trades = 0
        for step in 0..<3_000 {
            let command = generator.next(&rng, state: x.state)
            let before = Fingerprint(x.state, accounts: accounts + [ExchangeState.feeAccount, ExchangeState.houseAccount])
            let result = x.apply(command)
            if let problem = x.state.checkInvariants() {
                Issue.record("seed \(seed) step \(step) \(command): \(problem)")
                return
            }
            trades += x.state.events.count { if case .trade = $0 { true } else { false } }
            if case .failure = result {
                refusals += 1
                let after = Fingerprint(x.state, accounts: accounts + [ExchangeState.feeAccount, ExchangeState.houseAccount])
                if before != after {
                    Issue.record("seed \(seed) step \(step): refused \(command) (\(result)) changed the state")
                    return
                }
            }
            x.time += Int64(rng.next() % 3)
        }
        // The stream must exercise both paths, or the test proves little.
        #expect(trades > 500, "only \(trades) trades")
        #expect(refusals > 50, "only \(refusals) refusals")
        #expect(refusals < 3_000, "\(refusals) refusals")

        // Replay: the same commands on a fresh state give the same events and the same state.
        let replica = ExchangeState()
        for command in x.log { replica.apply(command) }
        #expect(replica.sequence == x.state.sequence)
        #expect(replica.orders == x.state.orders)
        for account in accounts {
            #expect(replica.ledger.balances(account) == x.state.ledger.balances(account))
        }
        #expect(replica.events == x.state.events)
    }
}

/// What a refused command must not change.
struct Fingerprint: Equatable {
    var balances: [[Balance]]
    /// Open orders (a refusal must not touch them) and the number of orders ever accepted (nor add one).
    var orders: [OrderID: OrderRecord]
    var orderCount: Int
    var book: [[Int64]]

    init(_ state: ExchangeState, accounts: [AccountID]) {
        balances = accounts.map { state.ledger.balances($0) }
        var open: [OrderID: OrderRecord] = [:]
        for account in accounts {
            for id in state.openOrderIDs(account) { open[id] = state.orders[id] }
        }
        orders = open
        orderCount = state.orders.count
        book = [Side.buy, .sell].map { side in state.book("BTC-USDT", side: side).flatMap { [$0.price.rawValue, $0.quantity.rawValue] } }
    }
}

/// Random exchange commands around a mid price of 20,000 USDT, with a share of bad ones.
struct RandomExchangeCommands {
    let accounts: [AccountID]
    let symbol: String
    var clientCounter = 0

    mutating func next(_ rng: inout SeededGenerator, state: ExchangeState) -> ExchangeCommand {
        let account = accounts[Int(rng.next() % UInt64(accounts.count))]
        let roll = rng.next() % 100
        let open = state.openOrderIDs(account)
        switch roll {
        case 0..<40:
            return .place(account: account, symbol: symbol, order: randomSpec(&rng))
        case 40..<50:
            return .place(account: account, symbol: symbol, order: marketSpec(&rng))
        case 50..<55:
            let side: Side = rng.next() % 2 == 0 ? .buy : .sell
            let stop = OrderSpec(side: side, type: .stopMarket, triggerPrice: Price(price(&rng)), quantity: Quantity(size(&rng)))
            return .placeOCO(account: account, symbol: symbol, first: limit(&rng, side: side), second: stop)
        case 55..<60:
            let side: Side = rng.next() % 2 == 0 ? .buy : .sell
            let entry = side == .buy ? px(20_000) : px(20_000)
            let gap = Int64(rng.next() % 500 + 1) * 100
            return .placeBracket(
                account: account, symbol: symbol,
                bracket: BracketSpec(
                    entry: OrderSpec(side: side, type: .limit, price: Price(entry + Int64(rng.next() % 200) - 100), quantity: Quantity(size(&rng))),
                    takeProfitPrice: Price(side == .buy ? entry + gap : entry - gap),
                    stopLossTrigger: Price(side == .buy ? entry - gap : entry + gap),
                    stopLossLimit: rng.next() % 2 == 0 ? nil : Price(side == .buy ? entry - 2 * gap : entry + 2 * gap)))
        case 60..<75:
            let id = open.isEmpty ? OrderID(rng.next() % 1_000) : open[Int(rng.next() % UInt64(open.count))]
            return .cancel(account: account, symbol: symbol, order: .id(id))
        case 75..<87:
            let id = open.isEmpty ? OrderID(rng.next() % 1_000) : open[Int(rng.next() % UInt64(open.count))]
            let newPrice: Price? = rng.next() % 2 == 0 ? Price(price(&rng)) : nil
            let newSize: Quantity? = newPrice == nil || rng.next() % 2 == 0 ? Quantity(size(&rng)) : nil
            return .amend(account: account, symbol: symbol, order: .id(id), price: newPrice, quantity: newSize)
        case 87..<89:
            return .cancelAll(account: account, symbol: rng.next() % 2 == 0 ? symbol : nil)
        case 89..<93:
            let asset = rng.next() % 2 == 0 ? "USDT" : "BTC"
            let amount = Int64(rng.next() % 5_000) * 1_000_000 - 100_000_000
            return rng.next() % 2 == 0
                ? .deposit(account: account, asset: asset, amount: amount)
                : .withdraw(account: account, asset: asset, amount: amount)
        case 93..<96:
            return .tick
        default:
            // Bad input: unknown symbol, off-grid numbers, negative sizes, unknown accounts.
            switch rng.next() % 4 {
            case 0: return .place(account: account, symbol: "NOPE", order: randomSpec(&rng))
            case 1: return .place(account: account, symbol: symbol, order: .limit(.buy, price: px(20_000), quantity: 150))
            case 2: return .place(account: account, symbol: symbol, order: .limit(.sell, price: px(20_000), quantity: -100))
            default: return .place(account: AccountID(7), symbol: symbol, order: randomSpec(&rng))
            }
        }
    }

    func price(_ rng: inout SeededGenerator) -> Int64 { px(20_000) + (Int64(rng.next() % 401) - 200) * 500 }
    func size(_ rng: inout SeededGenerator) -> Int64 { Int64(rng.next() % 5_000 + 1) * 100 }

    mutating func limit(_ rng: inout SeededGenerator, side: Side) -> OrderSpec {
        clientCounter += 1
        return OrderSpec(
            clientOrderID: rng.next() % 4 == 0 ? "c\(clientCounter % 50)" : nil, side: side, type: .limit,
            price: Price(price(&rng)), quantity: Quantity(size(&rng)))
    }

    mutating func randomSpec(_ rng: inout SeededGenerator) -> OrderSpec {
        let side: Side = rng.next() % 2 == 0 ? .buy : .sell
        var spec = limit(&rng, side: side)
        switch rng.next() % 10 {
        case 0: spec.timeInForce = .ioc
        case 1: spec.timeInForce = .fok
        case 2: spec.postOnly = true
        case 3: spec.timeInForce = .gtd(expiresAt: 1_000 + Int64(rng.next() % 20_000))
        case 4: spec.displayQuantity = Quantity(100)
        case 5: spec.selfTradePrevention = SelfTradePrevention.allCases[Int(rng.next() % 4)]
        case 6:
            spec.type = rng.next() % 2 == 0 ? .stopLimit : .takeProfitLimit
            spec.triggerPrice = Price(price(&rng))
        default: break
        }
        return spec
    }

    func marketSpec(_ rng: inout SeededGenerator) -> OrderSpec {
        let side: Side = rng.next() % 2 == 0 ? .buy : .sell
        switch rng.next() % 4 {
        case 0 where side == .buy:
            return OrderSpec(side: .buy, type: .market, quoteAmount: Int64(rng.next() % 50_000 + 1) * 100_000_000)
        case 1:
            return OrderSpec(side: side, type: rng.next() % 2 == 0 ? .stopMarket : .takeProfitMarket, triggerPrice: Price(price(&rng)), quantity: Quantity(size(&rng)))
        case 2:
            return OrderSpec(side: side, type: .market, price: Price(price(&rng)), quantity: Quantity(size(&rng)))
        default:
            return OrderSpec(side: side, type: .market, quantity: Quantity(size(&rng)))
        }
    }
}
