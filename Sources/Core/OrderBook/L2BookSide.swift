import BourseCore

/// One side of an ``L2Book``: its levels sorted with the **best level last**, stored in short sorted runs
/// ("chunks") of at most ``chunkCapacity`` levels.
///
/// Why chunks: diff feeds insert and delete levels all over the book (on Binance's BTCUSDT capture 78% of
/// level updates are inserts or deletes, and over half land more than 64 levels from the best). In one flat
/// sorted array each of those shifts every level in front of it; here it shifts at most one chunk. Finding a
/// level is a bisection of the chunks' last prices, then of one chunk.
///
/// Order: `ascending` sides (bids) hold prices in increasing order, descending sides (asks) in decreasing order,
/// so in both the best level is the last element of the last chunk.
///
/// Invariants (``violation()``): no chunk is empty or over capacity; prices strictly ordered across the whole
/// side; `lastPrices[i]` is the last price of chunk `i`; `count` is the total; no size is zero or negative.
@usableFromInline
struct L2BookSide: Sendable {
    /// The most levels a chunk holds: 64 levels are 1 KiB, so a shift stays within a few cache lines.
    @usableFromInline static let chunkCapacity = 64

    @usableFromInline var chunks: [[L2Level]] = []
    /// The last (best-most) price of each chunk, for the first bisection without touching the chunks.
    @usableFromInline var lastPrices: [Price] = []
    @usableFromInline var count = 0
    @usableFromInline let ascending: Bool
    /// Where the last ``set(price:quantity:)`` found its price. A diff message lists each side's levels from the
    /// best outwards, so the next price is usually in the same chunk, a few places further, or in the chunk before:
    /// found from here, the search touches the cache lines the last one did. Only a hint: it is checked against
    /// the prices before use, so a stale one costs a comparison.
    @usableFromInline var hint = (chunk: 0, position: 0)

    @usableFromInline
    init(ascending: Bool) { self.ascending = ascending }

    /// A side holding `levels`, already in this side's order (best last).
    init(ascending: Bool, sorted levels: some Collection<L2Level>) {
        self.ascending = ascending
        var start = levels.startIndex
        // Chunks filled to three quarters, so the first inserts do not split at once.
        let fill = Self.chunkCapacity * 3 / 4
        while start != levels.endIndex {
            let end = levels.index(start, offsetBy: fill, limitedBy: levels.endIndex) ?? levels.endIndex
            let chunk = Array(levels[start..<end])
            chunks.append(chunk)
            lastPrices.append(chunk[chunk.count - 1].price)
            start = end
        }
        count = levels.count
    }

    @inlinable
    func before(_ a: Price, _ b: Price) -> Bool { ascending ? a < b : a > b }

    /// The best level, if any.
    @inlinable
    var best: L2Level? { chunks.last?.last }

    /// The worst level, if any.
    @inlinable
    var worst: L2Level? { chunks.first?.first }

    /// Where `price` is or would go: the chunk (`chunks.count` when it lies beyond every level) and the
    /// position inside it.
    @inlinable @inline(__always)
    func locate(_ price: Price) -> (chunk: Int, position: Int) {
        // First chunk whose last price is not before `price`. Most updates of a live book land in the best
        // chunk, so that one is tried first.
        let chunk = lastPrices.withUnsafeBufferPointer { last in
            let n = last.count
            if n > 0 && (n == 1 || before(last[n - 2], price)) { return before(last[n - 1], price) ? n : n - 1 }
            return Self.lowerBound(last, price, ascending) { $0 }
        }
        guard chunk < chunks.count else { return (chunk, 0) }
        return (
            chunk,
            chunks[chunk].withUnsafeBufferPointer { levels in
                chunk == chunks.count - 1
                    ? Self.lowerBoundFromEnd(levels, price, ascending)
                    : Self.lowerBound(levels, price, ascending) { $0.price }
            }
        )
    }

    /// ``lowerBound(_:_:_:key:)`` for the best chunk, galloping from its end (the best level) first: updates near
    /// the best level, the common case there, take a step or two whose branches predict well.
    @inlinable
    static func lowerBoundFromEnd(_ levels: UnsafeBufferPointer<L2Level>, _ price: Price, _ ascending: Bool) -> Int {
        var low = 0
        var high = levels.count
        var step = 1
        while high - step > low {
            let probe = high - step
            if ascending ? levels[probe].price < price : levels[probe].price > price {
                low = probe + 1
                break
            }
            high = probe
            step &*= 2
        }
        return low + lowerBound(UnsafeBufferPointer(rebasing: levels[low..<high]), price, ascending) { $0.price }
    }

    /// The number of leading elements whose key is before `price`: a branch-free bisection (a conditional move
    /// per step). Updates land all over the book, so a branchy search mispredicts about every other step.
    @inlinable
    static func lowerBound<T>(
        _ buffer: UnsafeBufferPointer<T>, _ price: Price, _ ascending: Bool, key: (T) -> Price
    ) -> Int {
        var count = buffer.count
        guard count > 0 else { return 0 }
        var base = 0
        // Invariant: the answer lies in base...base + count.
        while count > 1 {
            let half = count &>> 1
            let probe = key(buffer[base &+ half &- 1])
            base = (ascending ? probe < price : probe > price) ? base &+ half : base
            count &-= half
        }
        let last = key(buffer[base])
        return base &+ ((ascending ? last < price : last > price) ? 1 : 0)
    }

    /// The size at `price` (zero when there is no level).
    @inlinable
    func quantity(at price: Price) -> Quantity {
        let (c, p) = locate(price)
        guard c < chunks.count, chunks[c][p].price == price else { return .zero }
        return chunks[c][p].quantity
    }

    /// ``locate(_:)`` starting from ``hint``: the hinted chunk, then the one before it (further from the best),
    /// each searched by galloping from the hinted place; anywhere else, the full search.
    @inlinable @inline(__always)
    func locateNearHint(_ price: Price) -> (chunk: Int, position: Int) {
        let c = hint.chunk
        let n = lastPrices.count
        // The best chunk has its own fast path in `locate`.
        guard c < n - 1 else { return locate(price) }
        let (inHinted, inPrevious) = lastPrices.withUnsafeBufferPointer { last -> (Bool, Bool) in
            // Chunk `i` holds the prices after `last[i - 1]` up to `last[i]`.
            guard !before(last[c], price) else { return (false, false) }
            if c == 0 || before(last[c - 1], price) { return (true, false) }
            return (false, c == 1 || before(last[c - 2], price))
        }
        if inHinted {
            return (c, chunks[c].withUnsafeBufferPointer { Self.lowerBound($0, price, ascending, near: hint.position) })
        }
        if inPrevious {
            return (c - 1, chunks[c - 1].withUnsafeBufferPointer { Self.lowerBoundFromEnd($0, price, ascending) })
        }
        return locate(price)
    }

    /// ``lowerBound(_:_:_:key:)`` galloping out from `hint` (clamped into the buffer) before bisecting.
    /// - Precondition: `levels` is not empty.
    @inlinable
    static func lowerBound(_ levels: UnsafeBufferPointer<L2Level>, _ price: Price, _ ascending: Bool, near hint: Int) -> Int {
        let n = levels.count
        let h = Swift.min(Swift.max(hint, 0), n - 1)
        @inline(__always) func isBefore(_ i: Int) -> Bool { ascending ? levels[i].price < price : levels[i].price > price }
        var low: Int
        var high: Int
        var step = 1
        if isBefore(h) {
            // The answer is in h + 1 ... n.
            low = h + 1
            while low + step - 1 < n && isBefore(low + step - 1) {
                low += step
                step &*= 2
            }
            high = Swift.min(low + step - 1, n)
        } else {
            // The answer is in 0 ... h.
            high = h
            while high - step >= 0 && !isBefore(high - step) {
                high -= step
                step &*= 2
            }
            low = Swift.max(high - step + 1, 0)
        }
        return low + lowerBound(UnsafeBufferPointer(rebasing: levels[low..<high]), price, ascending) { $0.price }
    }

    /// Sets the size at a price (zero deletes); returns the previous size (zero if there was none).
    @inlinable
    mutating func set(price: Price, quantity: Quantity) -> Quantity {
        let (c, p) = locateNearHint(price)
        hint = (c, p)
        if c < chunks.count && chunks[c][p].price == price {
            let previous = chunks[c][p].quantity
            if quantity.rawValue <= 0 {
                remove(chunk: c, position: p)
            } else {
                chunks[c][p].quantity = quantity
            }
            return previous
        }
        if quantity.rawValue > 0 {
            insert(L2Level(price: price, quantity: quantity), chunk: c, position: p)
        }
        return .zero
    }

    @usableFromInline
    mutating func insert(_ level: L2Level, chunk c: Int, position p: Int) {
        count += 1
        if c == chunks.count {
            // Beyond every level: the new best (or the first level of an empty side).
            if let last = chunks.indices.last, chunks[last].count < Self.chunkCapacity {
                chunks[last].append(level)
                lastPrices[last] = level.price
            } else {
                chunks.append([level])
                lastPrices.append(level.price)
            }
            return
        }
        if chunks[c].count == Self.chunkCapacity {
            // Split: the upper half becomes a chunk of its own, right after this one.
            let half = Self.chunkCapacity / 2
            let upper = Array(chunks[c][half...])
            chunks[c].removeSubrange(half...)
            chunks.insert(upper, at: c + 1)
            lastPrices.insert(lastPrices[c], at: c + 1)
            lastPrices[c] = chunks[c][half - 1].price
            if p > half {
                chunks[c + 1].insert(level, at: p - half)
                return
            }
        }
        chunks[c].insert(level, at: p)
        // `p` is at most the chunk's old count; the last price changes only if the level went at the end.
        if p == chunks[c].count - 1 { lastPrices[c] = level.price }
    }

    @usableFromInline
    mutating func remove(chunk c: Int, position p: Int) {
        count -= 1
        chunks[c].remove(at: p)
        let remaining = chunks[c].count
        if remaining == 0 {
            chunks.remove(at: c)
            lastPrices.remove(at: c)
            return
        }
        if p == remaining { lastPrices[c] = chunks[c][remaining - 1].price }
        // Merge a thin chunk into a neighbour when both fit in three quarters of a chunk, so deletes cannot
        // leave many nearly empty chunks behind.
        if remaining <= Self.chunkCapacity / 4 {
            let limit = Self.chunkCapacity * 3 / 4
            if c + 1 < chunks.count && remaining + chunks[c + 1].count <= limit {
                merge(c)
            } else if c > 0 && remaining + chunks[c - 1].count <= limit {
                merge(c - 1)
            }
        }
    }

    /// Appends chunk `c + 1` to chunk `c`.
    @usableFromInline
    mutating func merge(_ c: Int) {
        let next = chunks.remove(at: c + 1)
        chunks[c].append(contentsOf: next)
        lastPrices.remove(at: c + 1)
        lastPrices[c] = chunks[c][chunks[c].count - 1].price
    }

    mutating func removeAll() {
        chunks.removeAll(keepingCapacity: true)
        lastPrices.removeAll(keepingCapacity: true)
        count = 0
    }

    /// A description of the first broken invariant, or `nil`.
    func violation(_ name: String) -> String? {
        guard chunks.count == lastPrices.count else { return "\(name): \(chunks.count) chunks, \(lastPrices.count) last prices" }
        var total = 0
        var previous: Price?
        for (c, chunk) in chunks.enumerated() {
            if chunk.isEmpty { return "\(name): chunk \(c) is empty" }
            if chunk.count > Self.chunkCapacity { return "\(name): chunk \(c) holds \(chunk.count) levels" }
            if chunk[chunk.count - 1].price != lastPrices[c] { return "\(name): chunk \(c)'s last price is stale" }
            for level in chunk {
                if level.quantity.rawValue <= 0 { return "\(name): level \(total) has size \(level.quantity)" }
                if let previous, !before(previous, level.price) {
                    return "\(name) out of order at \(total): \(previous), \(level.price)"
                }
                previous = level.price
                total += 1
            }
        }
        return total == count ? nil : "\(name): count \(count), levels \(total)"
    }
}

extension L2BookSide: Hashable {
    /// Equal when they hold the same levels, however they are chunked.
    @usableFromInline
    static func == (lhs: L2BookSide, rhs: L2BookSide) -> Bool {
        lhs.count == rhs.count && lhs.ascending == rhs.ascending
            && lhs.chunks.joined().elementsEqual(rhs.chunks.joined())
    }

    @usableFromInline
    func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for level in chunks.joined() { hasher.combine(level) }
    }
}
