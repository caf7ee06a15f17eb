/// One side of the consolidated book: price levels in flat parallel arrays, best level last.
///
/// Level `i` has price `prices[i]`, total `totals[i]` and the size of venue `v` at `sizes[i * stride + v]`
/// (`stride` = the number of venues). Bids are ascending and asks descending, so the best level is the last
/// element: venue updates cluster at the top of the book, and inserting or removing there moves only the few
/// levels behind it (the layout of ``L2Book``). Keeping the per-venue sizes in one flat array, instead of a
/// small array or dictionary per level, means no allocation per level and one contiguous scan per read.
///
/// Invariants (``ConsolidatedBook/checkInvariants()``): prices strictly ordered from worst to best, every
/// total positive and equal to the sum of its venue sizes, every venue size zero or positive.
struct BookSide: Hashable, Sendable {
    /// `true` for bids (higher is better), `false` for asks (lower is better).
    let isBid: Bool
    private(set) var prices: [Int64] = []
    private(set) var totals: [Int64] = []
    private(set) var sizes: [Int64] = []
    /// Venue slots per level.
    private(set) var stride: Int

    init(isBid: Bool, stride: Int) {
        self.isBid = isBid
        self.stride = stride
    }

    /// Number of price levels.
    var count: Int { prices.count }

    /// `true` when `a` is a strictly better price than `b` on this side.
    @inline(__always)
    func isBetter(_ a: Int64, than b: Int64) -> Bool { isBid ? a > b : a < b }

    /// The size of venue `venue` at level `level`.
    @inline(__always)
    func size(level: Int, venue: Int) -> Int64 { sizes[level * stride + venue] }

    /// The index of the `rank`-th best level (0: best).
    @inline(__always)
    func index(rank: Int) -> Int { prices.count - 1 - rank }

    /// The first index whose price is not worse than `price` (where `price` is or would be inserted), and
    /// whether that level has exactly `price`. Gallops from the best end first, where updates cluster.
    func search(_ price: Int64) -> (index: Int, found: Bool) {
        var low = 0
        var high = prices.count
        var step = 1
        while high - step > low {
            let probe = high - step
            if isBetter(price, than: prices[probe]) {
                low = probe + 1
                break
            }
            high = probe
            step &*= 2
        }
        while low < high {
            let middle = (low + high) / 2
            if isBetter(price, than: prices[middle]) { low = middle + 1 } else { high = middle }
        }
        return (low, low < prices.count && prices[low] == price)
    }

    /// Sets venue `venue`'s size at `price` (0 removes its contribution); a level whose total drops to zero is
    /// removed, a missing level is created. Sizes are positive and bounded by the caller, so totals cannot
    /// overflow (``ConsolidatedBook/maximumLevelSize``).
    /// - Returns: the venue's previous size there.
    @discardableResult
    mutating func set(venue: Int, price: Int64, size: Int64) -> Int64 {
        let (index, found) = search(price)
        if found {
            let slot = index * stride + venue
            let previous = sizes[slot]
            sizes[slot] = size
            totals[index] += size - previous
            if totals[index] == 0 {
                prices.remove(at: index)
                totals.remove(at: index)
                sizes.removeSubrange(index * stride..<(index + 1) * stride)
            }
            return previous
        }
        guard size > 0 else { return 0 }
        prices.insert(price, at: index)
        totals.insert(size, at: index)
        sizes.insert(contentsOf: repeatElement(0, count: stride), at: index * stride)
        sizes[index * stride + venue] = size
        return 0
    }

    /// Adds venue slots (a venue added to the book), keeping every level's sizes.
    mutating func widen(to newStride: Int) {
        precondition(newStride >= stride, "a book side never loses venue slots")
        guard newStride != stride else { return }
        var widened: [Int64] = []
        widened.reserveCapacity(prices.count * newStride)
        for level in 0..<prices.count {
            widened.append(contentsOf: sizes[level * stride..<(level + 1) * stride])
            widened.append(contentsOf: repeatElement(0, count: newStride - stride))
        }
        sizes = widened
        stride = newStride
    }
}
