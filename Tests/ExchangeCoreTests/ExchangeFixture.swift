import BourseCore
import ExchangeCore
import Ledger
import MatchingEngine
import Testing

/// An exchange with BTC and USDT (both 8 decimals) and a BTC-USDT market (price 0.01, size 0.000001 with a lot
/// of 0.0001), maker fee 0.1%, taker fee 0.2%, and two funded users; commands get consecutive sequence numbers.
final class ExchangeFixture {
    let state = ExchangeState()
    var time: Int64 = 1_000
    private(set) var alice = AccountID(0)
    private(set) var bob = AccountID(0)
    /// Every command applied so far, for replay checks.
    private(set) var log: [SequencedCommand] = []

    static let usdt = Int64(100_000_000)  // 1 USDT in asset units
    static let btc = Int64(100_000_000)  // 1 BTC in asset units

    init(
        policy: PriceImprovementPolicy = .makerPrice, fees: FeeSchedule? = nil, band: Int64 = 1_000,
        fund: Bool = true
    ) {
        must(.addAsset(symbol: "BTC", scale: 8))
        must(.addAsset(symbol: "USDT", scale: 8))
        let instrument = try! Instrument(
            symbol: "BTC-USDT", baseAsset: "BTC", quoteAsset: "USDT", priceScale: 2, sizeScale: 6,
            tickSize: Price(1), lotSize: Quantity(100))
        let schedule = fees ?? (try! FeeSchedule(makerRate: 1_000, takerRate: 2_000))
        must(.addMarket(MarketDefinition(instrument: instrument, fees: schedule, policy: policy, bandBasisPoints: band)))
        alice = account(must(.createUser(name: "alice", passwordHash: "x")))
        bob = account(must(.createUser(name: "bob", passwordHash: "y")))
        if fund {
            for a in [alice, bob] {
                must(.deposit(account: a, asset: "USDT", amount: 1_000_000 * Self.usdt))
                must(.deposit(account: a, asset: "BTC", amount: 100 * Self.btc))
            }
        }
    }

    /// Applies a command and returns its result.
    @discardableResult
    func apply(_ command: ExchangeCommand) -> Result<CommandReply, ExchangeError> {
        time += 1
        let sequenced = SequencedCommand(sequence: state.sequence + 1, time: time, command: command)
        log.append(sequenced)
        return state.apply(sequenced)
    }

    /// Applies a command that must succeed.
    @discardableResult
    func must(_ command: ExchangeCommand, sourceLocation: SourceLocation = #_sourceLocation) -> CommandReply {
        switch apply(command) {
        case .success(let reply): return reply
        case .failure(let error):
            Issue.record("\(command) failed: \(error)", sourceLocation: sourceLocation)
            return .done
        }
    }

    /// Applies a command that must fail, returning the error code.
    func refused(_ command: ExchangeCommand, sourceLocation: SourceLocation = #_sourceLocation) -> String? {
        switch apply(command) {
        case .success(let reply):
            Issue.record("\(command) succeeded: \(reply)", sourceLocation: sourceLocation)
            return nil
        case .failure(let error): return error.code.rawValue
        }
    }

    /// Places an order and returns its id.
    @discardableResult
    func place(_ account: AccountID, _ spec: OrderSpec, sourceLocation: SourceLocation = #_sourceLocation) -> OrderID {
        guard case .order(let record, _) = must(.place(account: account, symbol: "BTC-USDT", order: spec), sourceLocation: sourceLocation)
        else { return OrderID(0) }
        return record.id
    }

    func balance(_ account: AccountID, _ asset: String) -> Balance {
        state.ledger.balance(account, state.ledger.asset(asset)!)
    }

    func account(_ reply: CommandReply) -> AccountID {
        if case .account(let a) = reply { return a }
        Issue.record("expected an account, got \(reply)")
        return AccountID(0)
    }

    func expectInvariants(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(state.checkInvariants() == nil, "\(state.checkInvariants() ?? "")", sourceLocation: sourceLocation)
    }
}

/// A price of `usdt` USDT per BTC, in price units (cents).
func px(_ usdt: Int64) -> Int64 { usdt * 100 }
/// Size units per BTC (sizes are millionths of a BTC).
let oneBTC: Int64 = 1_000_000
