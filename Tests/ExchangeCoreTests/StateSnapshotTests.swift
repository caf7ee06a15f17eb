import BourseCore
import BourseTesting
import ExchangeCore
import Ledger
import Testing

/// Binary snapshots of the whole exchange state: a state restored from its snapshot applies every later command
/// exactly like the original, and corrupt snapshot bytes are refused with a typed error, never a crash.
@Suite("Exchange state snapshots")
struct StateSnapshotTests {
    @Test("restored at random points, the copy gives the same replies, events and bytes", arguments: [11, 12, 13] as [UInt64])
    func restoredStateContinuesIdentically(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let x = ExchangeFixture(policy: seed % 2 == 0 ? .houseSpread : .makerPrice)
        let accounts = [x.alice, x.bob]
        var generator = RandomExchangeCommands(accounts: accounts, symbol: "BTC-USDT")
        var copy = try ExchangeState.restore(x.state.snapshot())
        var restores = 0
        var trades = 0
        for step in 0..<2_000 {
            if rng.next() % 50 == 0 {
                let bytes = x.state.snapshot()
                // In lockstep since the last restore, the copy must be in the very same state.
                #expect(copy.snapshot() == bytes, "seed \(seed) step \(step): copy drifted before restore \(restores)")
                copy = try ExchangeState.restore(bytes)
                #expect(copy.snapshot() == bytes, "seed \(seed) step \(step): restore is not a round trip")
                restores += 1
            }
            let command = generator.next(&rng, state: x.state)
            let expected = x.apply(command)
            let actual = copy.apply(x.log.last!)
            guard "\(actual)" == "\(expected)", copy.events == x.state.events else {
                Issue.record("seed \(seed) step \(step) \(command): original \(expected), restored \(actual)")
                return
            }
            trades += x.state.events.count { if case .trade = $0 { true } else { false } }
            x.time += Int64(rng.next() % 3)
        }
        #expect(restores >= 10, "only \(restores) restores")
        #expect(trades > 200, "only \(trades) trades")
        #expect(copy.snapshot() == x.state.snapshot())
        #expect(copy.orders == x.state.orders && copy.sequence == x.state.sequence)
        for account in accounts {
            #expect(copy.ledger.balances(account) == x.state.ledger.balances(account))
            // The per-account order index is rebuilt on restore and lists exactly the account's orders.
            let own = x.state.orders.records.filter { $0.account == account }.map(\.id).sorted()
            #expect(x.state.orderIDs(account) == own && copy.orderIDs(account) == own)
        }
        for side in [Side.buy, .sell] {
            let levels = { (s: ExchangeState) in s.book("BTC-USDT", side: side).map { [$0.price.rawValue, $0.quantity.rawValue] } }
            #expect(levels(copy) == levels(x.state))
        }
    }

    @Test("truncated or mutated snapshot bytes are refused or decode to a consistent state, never crash")
    func corruptSnapshotsAreRefused() {
        var rng = SeededGenerator(seed: 99)
        let x = ExchangeFixture()
        var generator = RandomExchangeCommands(accounts: [x.alice, x.bob], symbol: "BTC-USDT")
        for _ in 0..<400 { x.apply(generator.next(&rng, state: x.state)) }
        let bytes = x.state.snapshot()
        var refused = 0
        for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 300)) {
            #expect(throws: CodecError.self) { _ = try ExchangeState.restore(Array(bytes[..<length])) }
        }
        for _ in 0..<3_000 {
            var mutated = bytes
            for _ in 0..<(1 + rng.next() % 3) {
                let at = Int(rng.next() % UInt64(mutated.count))
                mutated[at] ^= UInt8(truncatingIfNeeded: 1 + rng.next() % 255)
            }
            do {
                let state = try ExchangeState.restore(mutated)
                // Accepted bytes must still describe a state that keeps every invariant.
                #expect(state.checkInvariants() == nil)
            } catch {
                refused += 1
            }
        }
        #expect(refused > 1_000, "only \(refused) of 3000 mutations refused")
        #expect(throws: CodecError.self) { _ = try ExchangeState.restore([]) }
        #expect(throws: CodecError.self) { _ = try ExchangeState.restore([99] + bytes.dropFirst()) }
    }
}
