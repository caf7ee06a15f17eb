import BourseCore
import MatchingEngine
import OrderBook

/// A replayed market: the venue shows a recorded book instead of the synthetic flow, still through Bourse's
/// engine, so orders sent to the venue trade against the recorded liquidity like against any other.
///
/// Each recorded level is held by orders of the replay account (``replayAccount``). A recorded update sets a
/// level's replayed size: growth adds an order at the back of the level's queue, shrinkage takes from the
/// newest replay orders first (amend size down, which keeps their place, or cancel), so the older replayed
/// size keeps its time priority. A trader's own orders at a level come on top of the recorded size. When a
/// trader's order takes replayed liquidity, the level shows less than the recording until the recording next
/// sets that level (the recording cannot know of the trade).
extension SyntheticMarket {
    /// The account that holds replayed liquidity.
    public static let replayAccount = AccountID(3)

    /// A replayed order's remaining size.
    struct ReplayOrder: Hashable, Sendable {
        var id: OrderID
        var quantity: Int64
    }

    /// An empty market that shows what ``replay(_:now:)`` gives it (no synthetic flow).
    public static func replaying(instrument: Instrument) -> SyntheticMarket {
        var market = SyntheticMarket(instrument: instrument, mid: 0, seed: 0, depth: 0)
        market.isReplayed = true
        return market
    }

    /// A level's key: bids by price, asks below them.
    static func levelKey(_ side: Side, _ price: Price) -> Int64 {
        side == .buy ? price.rawValue : -price.rawValue - 1
    }

    /// The replayed size at a level.
    func replayedQuantity(_ side: Side, _ price: Price) -> Int64 {
        replayLevels[Self.levelKey(side, price)]?.reduce(0) { $0 + $1.quantity } ?? 0
    }

    /// Sets recorded levels to their recorded sizes (zero: the level is gone). Shrinking levels are applied
    /// before growing ones: within one recorded update, new levels never meet the old ones it removes.
    public mutating func replay(_ levels: [L2LevelDifference], now: Int64) {
        for level in levels {
            let shown = replayedQuantity(level.side, level.price)
            if level.quantity.rawValue < shown { shrink(level.side, level.price, by: shown - level.quantity.rawValue, now: now) }
        }
        for level in levels {
            let shown = replayedQuantity(level.side, level.price)
            if level.quantity.rawValue > shown { grow(level.side, level.price, by: level.quantity.rawValue - shown, now: now) }
        }
        if let bid = book.bestBid?.price.rawValue, let ask = book.bestAsk?.price.rawValue {
            let tick = instrument.tickSize.rawValue
            let middle = bid + (ask - bid) / 2
            mid = middle - middle % tick
        }
    }

    private mutating func shrink(_ side: Side, _ price: Price, by amount: Int64, now: Int64) {
        let key = Self.levelKey(side, price)
        var left = amount
        while left > 0, let newest = replayLevels[key]?.last {
            if newest.quantity <= left {
                left -= newest.quantity
                run(.cancel(newest.id, account: Self.replayAccount), now: now)
                replayOrderGone(newest.id)  // already gone if the engine reported it; harmless otherwise
            } else {
                let remaining = newest.quantity - left
                left = 0
                run(.amend(newest.id, account: Self.replayAccount, price: nil, quantity: Quantity(remaining)), now: now)
                if let index = replayLevels[key]?.indices.last { replayLevels[key]?[index].quantity = remaining }
            }
        }
    }

    private mutating func grow(_ side: Side, _ price: Price, by amount: Int64, now: Int64) {
        let id = OrderID(nextID)
        nextID += 1
        let key = Self.levelKey(side, price)
        // Registered before it runs: a trade or a self-trade cancel during the run updates it.
        replayLevels[key, default: []].append(ReplayOrder(id: id, quantity: amount))
        replayOrderLevel[id] = key
        // Replayed orders never trade with each other (a crossed recording cancels the incoming one); against a
        // trader's order they trade, as the real market would have filled it.
        run(.submit(OrderRequest(
            id: id, account: Self.replayAccount, side: side, kind: .limit, price: price, quantity: Quantity(amount),
            timeInForce: .gtc, selfTradePrevention: .cancelIncoming)), now: now)
    }

    /// A replay order traded `quantity` (as maker or taker); a fully traded one is forgotten.
    mutating func replayOrderTraded(_ id: OrderID, _ quantity: Int64) {
        guard let key = replayOrderLevel[id], let index = replayLevels[key]?.firstIndex(where: { $0.id == id }) else { return }
        replayLevels[key]?[index].quantity -= quantity
        if replayLevels[key]?[index].quantity ?? 0 <= 0 { replayOrderGone(id) }
    }

    /// Forgets a replay order (cancelled, rejected or filled); a no-op for other orders.
    mutating func replayOrderGone(_ id: OrderID) {
        guard let key = replayOrderLevel.removeValue(forKey: id) else { return }
        replayLevels[key]?.removeAll { $0.id == id }
        if replayLevels[key]?.isEmpty == true { replayLevels[key] = nil }
    }
}
