import BourseCore
import OrderBook

/// Keeps one symbol's L2 book from BitMEX `orderBookL2` messages.
///
/// Everything before the symbol's `partial` is ignored (counted as dropped). Rows are keyed by `id`; an id
/// keeps the price it was inserted with, because update and delete rows may lack `price`. An update or
/// delete naming an unknown id means the book is wrong: it is discarded and a resubscribe requested
/// (counted as a gap and a resync); the next `partial` restores it.
public struct BitMEXBookSync: Sendable {
    /// The symbol kept.
    public let symbol: VenueSymbol
    /// The book (empty until the first partial).
    public private(set) var book = L2Book()
    /// Counters (``BookSyncCounters/lastUpdateId`` stays 0: BitMEX has no sequence numbers).
    public private(set) var counters = BookSyncCounters()
    /// `true` once a partial has been applied and no gap seen since.
    public private(set) var isSynced = false
    private var levels: [Int64: (side: Side, price: Price)] = [:]

    public init(symbol: VenueSymbol) {
        self.symbol = symbol
    }

    /// Starts over before a new subscription: forgets the book and the ids, keeps the counters.
    public mutating func reset() {
        book.removeAll()
        levels.removeAll(keepingCapacity: true)
        isSynced = false
    }

    /// Applies the rows of this symbol in one message.
    /// - Returns: `true` when the caller must resubscribe (an unknown id was named).
    @discardableResult
    public mutating func handle(_ action: BitMEXAction, rows: [BitMEXRow]) -> Bool {
        guard action != .other, rows.contains(where: { $0.symbol == symbol }) else { return false }
        counters.messages += 1
        if action == .partial {
            book.removeAll()
            levels.removeAll(keepingCapacity: true)
            isSynced = true
            counters.snapshots += 1
        } else if !isSynced {
            counters.dropped += 1
            return false
        }
        for row in rows where row.symbol == symbol {
            switch action {
            case .partial, .insert:
                guard let price = row.price, let size = row.size else { return gap() }
                if let old = levels[row.id] { book.remove(old.side, price: old.price) }
                levels[row.id] = (row.side, Price(price))
                book.set(row.side, price: Price(price), quantity: Quantity(size))
            case .update:
                guard let level = levels[row.id], let size = row.size else { return gap() }
                book.set(level.side, price: level.price, quantity: Quantity(size))
            case .delete:
                guard let level = levels.removeValue(forKey: row.id) else { return gap() }
                book.remove(level.side, price: level.price)
            case .other:
                break
            }
        }
        if action != .partial { counters.applied += 1 }
        if book.isCrossed { counters.crossed += 1 }
        return false
    }

    private mutating func gap() -> Bool {
        counters.gaps += 1
        counters.resyncs += 1
        isSynced = false
        book.removeAll()
        levels.removeAll(keepingCapacity: true)
        return true
    }
}
