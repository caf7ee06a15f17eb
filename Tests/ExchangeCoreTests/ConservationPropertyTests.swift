import BourseCore
import ExchangeCore
import Ledger
import MatchingEngine
import Testing
import BourseTesting

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
        var modifiedBrackets = 0
        for step in 0..<3_000 {
            let command = generator.next(&rng, state: x.state)
            let before = Fingerprint(x.state, accounts: accounts + [ExchangeState.feeAccount, ExchangeState.houseAccount])
            let result = x.apply(command)
            if let problem = x.state.checkInvariants() {
                Issue.record("seed \(seed) step \(step) \(command): \(problem)")
                return
            }
            trades += x.state.events.count { if case .trade = $0 { true } else { false } }
            if case .modifyBracket = command, case .success = result { modifiedBrackets += 1 }
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
        #expect(modifiedBrackets > 5, "only \(modifiedBrackets) bracket modifications applied")

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

