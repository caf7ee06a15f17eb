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
/// Each side (``L2BookSide``) keeps its levels sorted with the **best level last** (bids ascending, asks
/// descending) in short sorted chunks: reading the best level is O(1), finding a level is two short
/// bisections, and an insert or delete anywhere in the book shifts at most one chunk. `DESIGN.md` compares
/// this layout with the flat sorted array it replaced.
///
/// Invariants (checked by ``checkInvariants()`` in tests): each side strictly ordered, no zero or negative
/// sizes. A crossed book (best bid >= best ask) is representable, because a feed can deliver one, and is
/// reported by ``isCrossed``. Two books are equal when they hold the same levels, however they are chunked.
public struct L2Book: Hashable, Sendable {
    /// Bids, ascending by price: best bid last.
    @usableFromInline var bids = L2BookSide(ascending: true)
    /// Asks, descending by price: best ask last.
    @usableFromInline var asks = L2BookSide(ascending: false)

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
            return bids.set(price: price, quantity: quantity)
        } else {
            return asks.set(price: price, quantity: quantity)
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
        bids.removeAll()
        asks.removeAll()
    }

    /// Empties one side.
    public mutating func removeAll(_ side: Side) {
        if side == .buy { bids.removeAll() } else { asks.removeAll() }
    }

    // MARK: Reading

    /// The size at a price, zero if there is no level.
    public func quantity(_ side: Side, at price: Price) -> Quantity {
        side == .buy ? bids.quantity(at: price) : asks.quantity(at: price)
    }

    /// The best bid, if any.
    @inlinable public var bestBid: L2Level? { bids.best }
    /// The best ask, if any.
    @inlinable public var bestAsk: L2Level? { asks.best }

    /// Number of levels on a side.
    public func count(_ side: Side) -> Int { side == .buy ? bids.count : asks.count }

    /// `true` when both sides are empty.
    public var isEmpty: Bool { bids.count == 0 && asks.count == 0 }

    /// `true` when the best bid is at or above the best ask: impossible on a healthy venue, so a feed handler
    /// treats it as a sign of a missed update and resyncs.
    public var isCrossed: Bool {
        guard let bid = bids.best, let ask = asks.best else { return false }
        return bid.price >= ask.price
    }

    /// Best ask minus best bid, if both sides have levels.
    public var spread: Int64? {
        guard let bid = bids.best, let ask = asks.best else { return nil }
        return ask.price.rawValue - bid.price.rawValue
    }

    /// The best `n` levels of a side, best first.
    public func top(_ side: Side, _ n: Int) -> [L2Level] {
        var levels: [L2Level] = []
        levels.reserveCapacity(Swift.min(max(n, 0), count(side)))
        forEachBest(side, limit: n) { levels.append($0) }
        return levels
    }

    /// Calls `body` with the best `limit` levels of a side, best first, reading the side's storage directly
    /// (the fastest way to read the top of the book: no index arithmetic, no copy).
    @inlinable
    public func forEachBest<E: Error>(_ side: Side, limit: Int, _ body: (L2Level) throws(E) -> Void) throws(E) {
        let chunks = (side == .buy ? bids : asks).chunks
        var left = limit
        var c = chunks.count - 1
        while c >= 0 && left > 0 {
            try chunks[c].withUnsafeBufferPointer { (chunk) throws(E) in
                var p = chunk.count - 1
                while p >= 0 && left > 0 {
                    try body(chunk[p])
                    p -= 1
                    left -= 1
                }
            }
            c -= 1
        }
    }

    /// All levels of a side in price order, best first, without copying the side.
    @inlinable
    public func levels(_ side: Side) -> Levels { Levels(side == .buy ? bids : asks) }

    /// Verifies the structure's invariants; returns a description of the first violation, or `nil`.
    public func checkInvariants() -> String? {
        bids.violation("bids") ?? asks.violation("asks")
    }
}
