import BourseCore

/// One price level of an aggregated (L2) book.
@frozen
public struct L2Level: Hashable, Sendable {
    public var price: Price
    public var quantity: Quantity

    @inlinable
    public init(price: Price, quantity: Quantity) {
        self.price = price
        self.quantity = quantity
    }
}

/// An aggregated order book (price -> total size per side) for market data.
///
/// Each side is a sorted array whose **best level is the last element** (bids ascending, asks descending).
/// Exchange updates cluster at the top of the book, so inserting or deleting there moves only the few
/// elements behind it, and reading the best level is O(1). Lookup is a binary search. `DESIGN.md` compares
/// this layout with the alternatives that were measured.
///
/// Invariants (checked by ``checkInvariants()`` in tests): each side strictly ordered, no zero or negative
/// sizes. A crossed book (best bid >= best ask) is representable, because a feed can deliver one, and is
/// reported by ``isCrossed``.
public struct L2Book: Hashable, Sendable {
    /// Bids, ascending by price: best bid last.
    @usableFromInline var bidLevels: [L2Level] = []
    /// Asks, descending by price: best ask last.
    @usableFromInline var askLevels: [L2Level] = []

    public init() {}

    /// Creates a book from levels in any order (zero sizes are skipped; a repeated price keeps the last size).
    public init(bids: some Sequence<L2Level>, asks: some Sequence<L2Level>) {
        for level in bids { set(.buy, price: level.price, quantity: level.quantity) }
        for level in asks { set(.sell, price: level.price, quantity: level.quantity) }
    }

    // MARK: Updates

    /// Sets the size at a price; a size of zero deletes the level (deleting a missing level is a no-op, as
    /// exchanges send such deletes routinely).
    /// - Returns: the previous size at that price (zero if there was none).
    @inlinable
    @discardableResult
    public mutating func set(_ side: Side, price: Price, quantity: Quantity) -> Quantity {
        if side == .buy {
            return Self.set(&bidLevels, price: price, quantity: quantity, ascending: true)
        } else {
            return Self.set(&askLevels, price: price, quantity: quantity, ascending: false)
        }
    }

    /// Deletes a level; returns its previous size (zero if there was none).
    @inlinable
    @discardableResult
    public mutating func remove(_ side: Side, price: Price) -> Quantity {
        set(side, price: price, quantity: .zero)
    }

    /// Empties both sides, keeping their storage.
    public mutating func removeAll() {
        bidLevels.removeAll(keepingCapacity: true)
        askLevels.removeAll(keepingCapacity: true)
    }

    /// Empties one side.
    public mutating func removeAll(_ side: Side) {
        if side == .buy { bidLevels.removeAll(keepingCapacity: true) } else { askLevels.removeAll(keepingCapacity: true) }
    }

    @inlinable
    static func set(_ levels: inout [L2Level], price: Price, quantity: Quantity, ascending: Bool) -> Quantity {
        // Fast path: the update is at or beyond the best level (the common case for live feeds).
        let position = insertionPoint(levels, price: price, ascending: ascending)
        if position < levels.count && levels[position].price == price {
            let previous = levels[position].quantity
            if quantity.rawValue <= 0 {
                levels.remove(at: position)
            } else {
                levels[position].quantity = quantity
            }
            return previous
        }
        if quantity.rawValue > 0 {
            levels.insert(L2Level(price: price, quantity: quantity), at: position)
        }
        return .zero
    }

    /// First index whose price is >= `price` (ascending) or <= `price` (descending). Searches from the end
    /// first because updates cluster near the best level.
    @inlinable
    static func insertionPoint(_ levels: [L2Level], price: Price, ascending: Bool) -> Int {
        var low = 0
        var high = levels.count
        // Galloping from the back: check the last few levels before bisecting the whole side.
        var step = 1
        while high - step > low {
            let probe = high - step
            let before = ascending ? levels[probe].price < price : levels[probe].price > price
            if before {
                low = probe + 1
                break
            }
            high = probe
            step *= 2
        }
        while low < high {
            let mid = (low + high) / 2
            let before = ascending ? levels[mid].price < price : levels[mid].price > price
            if before { low = mid + 1 } else { high = mid }
        }
        return low
    }

    // MARK: Reading

    /// The size at a price, zero if there is no level.
    public func quantity(_ side: Side, at price: Price) -> Quantity {
        let levels = side == .buy ? bidLevels : askLevels
        let position = Self.insertionPoint(levels, price: price, ascending: side == .buy)
        return position < levels.count && levels[position].price == price ? levels[position].quantity : .zero
    }

    /// The best bid, if any.
    @inlinable public var bestBid: L2Level? { bidLevels.last }
    /// The best ask, if any.
    @inlinable public var bestAsk: L2Level? { askLevels.last }

    /// Number of levels on a side.
    public func count(_ side: Side) -> Int { side == .buy ? bidLevels.count : askLevels.count }

    /// `true` when both sides are empty.
    public var isEmpty: Bool { bidLevels.isEmpty && askLevels.isEmpty }

    /// `true` when the best bid is at or above the best ask: impossible on a healthy venue, so a feed handler
    /// treats it as a sign of a missed update and resyncs.
    public var isCrossed: Bool {
        guard let bid = bidLevels.last, let ask = askLevels.last else { return false }
        return bid.price >= ask.price
    }

    /// Best ask minus best bid, if both sides have levels.
    public var spread: Int64? {
        guard let bid = bidLevels.last, let ask = askLevels.last else { return nil }
        return ask.price.rawValue - bid.price.rawValue
    }

    /// The best `n` levels of a side, best first.
    public func top(_ side: Side, _ n: Int) -> [L2Level] {
        let levels = side == .buy ? bidLevels : askLevels
        return Array(levels.suffix(n).reversed())
    }

    /// All levels of a side in price order, best first, without copying the side.
    public func levels(_ side: Side) -> ReversedCollection<[L2Level]> {
        (side == .buy ? bidLevels : askLevels).reversed()
    }

    /// Verifies the structure's invariants; returns a description of the first violation, or `nil`.
    public func checkInvariants() -> String? {
        for (name, levels, ascending) in [("bids", bidLevels, true), ("asks", askLevels, false)] {
            for (i, level) in levels.enumerated() {
                if level.quantity.rawValue <= 0 { return "\(name)[\(i)] has size \(level.quantity)" }
                if i > 0 {
                    let ordered = ascending ? levels[i - 1].price < level.price : levels[i - 1].price > level.price
                    if !ordered { return "\(name) out of order at \(i): \(levels[i - 1].price), \(level.price)" }
                }
            }
        }
        return nil
    }
}
