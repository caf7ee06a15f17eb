import BourseCore
import MatchingEngine

/// A deterministic stream of engine commands for property and differential tests.
///
/// The stream exercises every feature of `docs/engine-semantics.md`: limit orders of every time in force,
/// post-only, icebergs, market orders by base size and by quote amount, protection prices, stops and
/// take-profits, OCO pairs, brackets, cancels, amends, mass cancels, clock-only commands, every self-trade
/// prevention mode across a few accounts, and a share of invalid commands. Prices stay around a mid that
/// random-walks on the tick grid so orders meet; the clock moves forward (sometimes not at all).
///
/// The same seed and parameters always give the same stream. Feeding the events back through
/// ``observe(_:)`` (optional) makes cancels and amends hit live orders more often; the stream then also depends
/// on those events, which is still deterministic when they come from a deterministic engine.
public struct RandomCommandGenerator {
    /// What the generator remembers of a (probably) live order.
    struct TrackedOrder {
        var account: AccountID
        var side: Side
        var price: Price
        var quantity: Quantity
    }

    /// The instrument grid and stream shape.
    public let parameters: Parameters
    var rng: SplitMix64
    /// The clock handed out with each command.
    public private(set) var now: Int64 = 1_000
    /// The mid price in ticks.
    var midTicks: Int64
    var nextID: UInt64 = 1
    var tracked: [OrderID: TrackedOrder] = [:]
    /// Tracked ids in insertion order, so choices never depend on dictionary order.
    var trackedIDs: [OrderID] = []
    /// Recently used bracket-leg ids, to try as duplicates.
    var legIDs: [OrderID] = []
    /// Recent bracket entries, to amend their legs.
    var bracketEntries: [OrderID] = []
    var observing = false

    /// The engine configuration matching ``parameters``.
    public var configuration: EngineConfiguration { parameters.configuration }

    /// Creates a generator; equal seeds and parameters give equal streams.
    public init(seed: UInt64, parameters: Parameters = Parameters()) {
        self.parameters = parameters
        self.rng = SplitMix64(seed: seed)
        self.midTicks = parameters.startTicks
    }

    /// Creates a generator for a grid of `tickSize` and `lotSize` with default stream parameters.
    public init(seed: UInt64, tickSize: Int64, lotSize: Int64) {
        self.init(seed: seed, parameters: Parameters(tickSize: tickSize, lotSize: lotSize))
    }

    /// The next command and the time to process it at.
    public mutating func next() -> (EngineCommand, now: Int64) {
        if rng.chance(70) { now += rng.int(in: 1...3) }
        if rng.chance(40) { midTicks = max(40, midTicks + rng.pick([-1, 1])) }
        let command: EngineCommand
        switch rng.int(in: 0...999) {
        case ..<410: command = .submit(limitOrder())
        case ..<465: command = .submit(marketOrder())
        case ..<495: command = .submit(quoteOrder())
        case ..<570: command = .submit(triggeredOrder())
        case ..<610: command = ocoCommand()
        case ..<650: command = bracketCommand()
        case ..<765: command = cancelCommand()
        case ..<885: command = amendCommand()
        case ..<888: command = .cancelAll(randomAccount())
        case ..<930:
            now += rng.int(in: 0...60)
            command = .advanceClock
        default: command = .submit(invalidOrder())
        }
        if !observing { trackOptimistically(command) }
        return (command, now)
    }

    /// Learns from an engine's events which orders are live, at what price and size.
    public mutating func observe(_ events: [SequencedEvent]) {
        observing = true
        for sequenced in events {
            switch sequenced.event {
            case .accepted(let id, let account, let side, let price, let quantity):
                track(id, TrackedOrder(account: account, side: side, price: price, quantity: quantity))
            case .partiallyFilled(let id, let remaining):
                tracked[id]?.quantity = remaining
            case .amended(let id, let price, let quantity, _):
                tracked[id]?.price = price
                tracked[id]?.quantity = quantity
            case .filled(let id), .cancelled(let id, _, _), .expired(let id, _):
                untrack(id)
            default:
                break
            }
        }
    }

    // MARK: Tracking

    mutating func track(_ id: OrderID, _ order: TrackedOrder) {
        if tracked.updateValue(order, forKey: id) == nil {
            trackedIDs.append(id)
        }
        if trackedIDs.count > 400 {
            untrack(trackedIDs[0])
        }
    }

    mutating func untrack(_ id: OrderID) {
        guard tracked.removeValue(forKey: id) != nil else { return }
        trackedIDs.removeAll { $0 == id }
    }

    /// Without feedback, assume every new order lives (the oldest guesses are dropped past a bound).
    mutating func trackOptimistically(_ command: EngineCommand) {
        func add(_ r: OrderRequest) {
            track(r.id, TrackedOrder(account: r.account, side: r.side, price: r.price, quantity: r.quantity))
        }
        switch command {
        case .submit(let request): add(request)
        case .oco(let first, let second):
            add(first)
            add(second)
        case .bracket(let bracket): add(bracket.entry)
        default: break
        }
    }

    /// A tracked order, or `nil` when none is tracked.
    mutating func randomTracked() -> (id: OrderID, order: TrackedOrder)? {
        guard !trackedIDs.isEmpty else { return nil }
        let id = rng.pick(trackedIDs)
        return (id, tracked[id]!)
    }

    // MARK: Small pieces

    mutating func newID() -> OrderID {
        defer { nextID += 1 }
        return OrderID(nextID)
    }

    /// A live-looking id to provoke `duplicateOrderID` (a tracked order or a recent bracket leg).
    mutating func takenID() -> OrderID {
        if !legIDs.isEmpty && rng.chance(30) { return rng.pick(legIDs) }
        return randomTracked()?.id ?? OrderID(max(1, nextID - 1))
    }

    mutating func randomAccount() -> AccountID {
        AccountID(UInt32(rng.int(in: 1...Int64(parameters.accounts))))
    }

    mutating func randomSide() -> Side {
        rng.chance(50) ? .buy : .sell
    }

    mutating func randomSTP() -> SelfTradePrevention {
        rng.chance(40) ? .none : rng.pick([.cancelResting, .cancelIncoming, .cancelBoth])
    }

    /// A price `ticks` ticks from the mid (towards the passive side for positive `ticks`), at least one tick.
    func price(_ side: Side, ticksAway ticks: Int64) -> Price {
        let t = side == .buy ? midTicks - ticks : midTicks + ticks
        return Price(max(1, t) * parameters.tickSize)
    }

    /// A valid size: mostly small, sometimes large enough to sweep several levels.
    mutating func randomQuantity() -> Quantity {
        let lots = rng.chance(85) ? rng.int(in: 1...10) : rng.int(in: 11...60)
        return Quantity(max(parameters.minLots, lots) * parameters.lotSize)
    }

    /// Any time in force for a limit order.
    mutating func limitTimeInForce() -> TimeInForce {
        switch rng.int(in: 0...99) {
        case ..<55: return .gtc
        case ..<75: return .gtd(expiresAt: now + (rng.chance(70) ? rng.int(in: 1...40) : rng.int(in: 41...300)))
        case ..<88: return .ioc
        default: return .fok
        }
    }
}
