import BourseCore
import MarketData
import MatchingEngine
import OrderBook

/// One level's new aggregate size (zero: the level is gone): the same value as a book difference's entry.
public typealias LevelChange = L2LevelDifference

/// A trade printed by the simulated market.
public struct PrintedTrade: Hashable, Sendable {
    public var price: Price
    public var quantity: Quantity
    public var aggressor: Side
}

/// One instrument of a simulated venue: Bourse's own matching engine fed by a synthetic order flow.
///
/// The flow: the venue's mid follows a random walk pulled towards a shared fair value (so venues stay close but
/// not equal, and sometimes cross each other); orders arrive as a Poisson process; a new order is mostly passive
/// at a geometric distance from the mid, sometimes marketable (it trades), and resting orders are cancelled at
/// random; sizes are heavy-tailed (many small orders, a few large ones). The book the venues publish is the
/// engine's own L2 view, built from its `level` events.
public struct SyntheticMarket: Sendable {
    /// The instrument (grid and scales).
    public let instrument: Instrument
    /// The aggregated book, as the engine left it.
    public private(set) var book = L2Book()
    /// Level changes since the last ``drainChanges()``, in event order.
    public private(set) var changes: [LevelChange] = []
    /// Trades since the last ``drainChanges()``.
    public private(set) var trades: [PrintedTrade] = []
    /// The current mid, in price units.
    public internal(set) var mid: Int64
    /// Trades of the trader's orders (``traderAccount``) since the last ``drainTraderTrades()``.
    public private(set) var traderTrades: [Trade] = []

    /// The account of orders sent through the venue's order entry (the synthetic flow uses 1 and 2).
    public static let traderAccount = AccountID(9)

    private let engine: EngineBox
    private var generator: SeededGenerator
    private var resting: [OrderID] = []
    var nextID: UInt64 = 1
    private let targetResting: Int
    /// Whether the market shows a recorded book (``replay(_:now:)``) instead of the synthetic flow.
    public internal(set) var isReplayed = false
    /// Replayed liquidity: per level (``levelKey(_:_:)``), the replay account's orders resting there, oldest first.
    var replayLevels: [Int64: [ReplayOrder]] = [:]
    /// The level of each live replay order.
    var replayOrderLevel: [OrderID: Int64] = [:]

    /// - Parameters:
    ///   - instrument: the grid.
    ///   - mid: the starting mid, in price units.
    ///   - seed: the random seed (the same seed and calls give the same book).
    ///   - depth: about how many orders rest in the book.
    public init(instrument: Instrument, mid: Int64, seed: UInt64, depth: Int = 400) {
        self.instrument = instrument
        self.mid = mid - mid % instrument.tickSize.rawValue
        generator = SeededGenerator(seed: seed)
        targetResting = depth
        engine = EngineBox(MatchingEngine(configuration: EngineConfiguration(instrument: instrument, expectedOrders: 1 << 14)))
        for _ in 0..<depth { passive(now: 0) }
    }

    /// Runs `arrivals` order events with the mid pulled towards `fair` (price units).
    public mutating func step(arrivals: Int, fair: Int64, now: Int64) {
        let tick = instrument.tickSize.rawValue
        for _ in 0..<arrivals {
            let roll = Int.random(in: 0..<100, using: &generator)
            if roll < 30 {
                // A eighth of the way to the fair value (arbitrage keeps venues close), plus a tick of noise.
                let gap = fair - mid
                let pull = gap / 8 - (gap / 8) % tick + (gap > 0 ? tick : gap < 0 ? -tick : 0)
                let noise = Int.random(in: 0..<3, using: &generator) - 1
                mid = max(tick * 10, mid + pull + Int64(noise) * tick)
            }
            if roll < 50 || resting.count < targetResting / 2 {
                passive(now: now)
            } else if roll < 60 {
                aggressive(now: now)
            } else if !resting.isEmpty {
                let index = Int.random(in: 0..<resting.count, using: &generator)
                let id = resting.swapRemoveAt(index)
                run(.cancel(id, account: AccountID(1)), now: now)
            }
            if resting.count > targetResting * 2 {
                let id = resting.swapRemoveAt(Int.random(in: 0..<resting.count, using: &generator))
                run(.cancel(id, account: AccountID(1)), now: now)
            }
        }
    }

    /// Takes the changes and trades collected since the last call.
    public mutating func drainChanges() -> (changes: [LevelChange], trades: [PrintedTrade]) {
        defer {
            changes.removeAll(keepingCapacity: true)
            trades.removeAll(keepingCapacity: true)
        }
        return (changes, trades)
    }

    /// Runs one order from the venue's order entry (its id is assigned here) and returns its id and, when the
    /// engine refused it, the reason. Its trades are collected in ``traderTrades``; resting, it can later trade
    /// with the synthetic flow like any other order.
    public mutating func submitTraderOrder(
        side: Side, price: Price, quantity: Quantity, timeInForce: TimeInForce, postOnly: Bool, now: Int64
    ) -> (id: OrderID, rejected: String?) {
        let id = OrderID(nextID)
        nextID += 1
        let request = OrderRequest(
            id: id, account: Self.traderAccount, side: side, kind: .limit, price: price, quantity: quantity,
            timeInForce: timeInForce, postOnly: postOnly)
        let rejected = run(.submit(request), now: now)
        return (id, rejected)
    }

    /// Cancels a resting trader order; `false` when it was not resting (filled, cancelled or unknown).
    public mutating func cancelTraderOrder(_ id: OrderID, now: Int64) -> Bool {
        let before = changes.count
        run(.cancel(id, account: Self.traderAccount), now: now)
        return changes.count > before
    }

    /// Takes the trader's trades collected since the last call.
    public mutating func drainTraderTrades() -> [Trade] {
        defer { traderTrades.removeAll(keepingCapacity: true) }
        return traderTrades
    }

    /// Draws a Poisson-distributed count with mean `lambda` (Knuth's method; fine for the small means used here).
    public mutating func poisson(_ lambda: Double) -> Int {
        let limit = exp(-lambda)
        var product = Double.random(in: 0..<1, using: &generator)
        var count = 0
        while product > limit && count < 10_000 {
            product *= Double.random(in: 0..<1, using: &generator)
            count += 1
        }
        return count
    }

    private mutating func size() -> Quantity {
        // Heavy-tailed: mostly 1-5 lots, sometimes tens, rarely hundreds.
        let buckets: [Int64] = [1, 1, 1, 2, 2, 3, 5, 8, 13, 21, 50, 120]
        let lots = buckets[Int.random(in: 0..<buckets.count, using: &generator)] * Int64.random(in: 1...4, using: &generator)
        return Quantity(lots * instrument.lotSize.rawValue * Self.lotMultiple(instrument))
    }

    /// Lots per unit size step: keeps simulated sizes in a realistic range for fine lots.
    private static func lotMultiple(_ instrument: Instrument) -> Int64 {
        instrument.sizeScale >= 4 ? 10 : 1
    }

    private mutating func passive(now: Int64) {
        let tick = instrument.tickSize.rawValue
        let side: Side = Bool.random(using: &generator) ? .buy : .sell
        // At least three ticks from the mid: each venue keeps a spread of its own, so venues cross only briefly.
        var distance: Int64 = 3
        while distance < 200 && Int.random(in: 0..<100, using: &generator) < 85 { distance += 1 }
        let price = side == .buy ? mid - distance * tick : mid + distance * tick
        guard price > 0 else { return }
        let id = OrderID(nextID)
        nextID += 1
        run(.submit(OrderRequest(id: id, account: AccountID(1), side: side, kind: .limit, price: Price(price),
                                 quantity: size(), timeInForce: .gtc)), now: now)
        resting.append(id)
    }

    private mutating func aggressive(now: Int64) {
        let tick = instrument.tickSize.rawValue
        let side: Side = Bool.random(using: &generator) ? .buy : .sell
        let reach = Int64.random(in: 1...5, using: &generator) * tick
        let price = side == .buy ? mid + reach : mid - reach
        guard price > 0 else { return }
        let id = OrderID(nextID)
        nextID += 1
        run(.submit(OrderRequest(id: id, account: AccountID(2), side: side, kind: .limit, price: Price(price),
                                 quantity: size(), timeInForce: .ioc)), now: now)
    }

    /// Runs a command and folds its events into the book; returns the reason of a rejection, if any.
    @discardableResult
    mutating func run(_ command: EngineCommand, now: Int64) -> String? {
        engine.engine.process(command, now: now)
        var rejected: String?
        for event in engine.engine.events {
            switch event.event {
            case .level(let side, let price, let quantity):
                if quantity.rawValue == 0 { book.remove(side, price: price) } else { book.set(side, price: price, quantity: quantity) }
                changes.append(LevelChange(side: side, price: price, quantity: quantity))
            case .trade(let trade):
                trades.append(PrintedTrade(price: trade.price, quantity: trade.quantity, aggressor: trade.aggressor))
                if isReplayed {
                    replayOrderTraded(trade.makerID, trade.quantity.rawValue)
                    replayOrderTraded(trade.takerID, trade.quantity.rawValue)
                }
                if trade.makerAccount == Self.traderAccount || trade.takerAccount == Self.traderAccount {
                    traderTrades.append(trade)
                }
            case .rejected(let id, let reason):
                rejected = "\(reason)"
                if isReplayed { replayOrderGone(id) }
            case .cancelled(let id, _, _):
                if isReplayed { replayOrderGone(id) }
            default:
                break
            }
        }
        return rejected
    }
}

/// The engine is a class (single owner); the box lets the market stay a `Sendable` value owned by one actor.
final class EngineBox: @unchecked Sendable {
    let engine: MatchingEngine
    init(_ engine: MatchingEngine) { self.engine = engine }
}

extension Array {
    /// Removes the element at `index` by moving the last one into its place (O(1), order not kept).
    mutating func swapRemoveAt(_ index: Int) -> Element {
        swapAt(index, count - 1)
        return removeLast()
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
