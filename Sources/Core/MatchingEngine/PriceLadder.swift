/// One price level: a FIFO queue of order slots (head = oldest) and the visible aggregate.
struct PriceLevel: Sendable {
    var head: Int32
    var tail: Int32
    var total: Int64

    static let empty = PriceLevel(head: -1, tail: -1, total: 0)
}

/// Both sides of an L3 book on one tick-indexed array of levels.
///
/// Index `i` holds price `(base + i) × tick`. After matching the book is never crossed, so every non-empty
/// level below the best ask is a bid level and every one above the best bid an ask level: one array and one
/// occupancy bitmap serve both sides. Finding the next best level after one empties scans the bitmap 64
/// levels per word. The array covers the range of live prices and doubles when an order falls outside it.
struct PriceLadder {
    var levels: UnsafeMutablePointer<PriceLevel>
    var bitmap: UnsafeMutablePointer<UInt64>
    var capacity: Int
    var baseTick: Int64
    let tick: Int64
    /// Index of the best bid level, -1 if none.
    var bestBid: Int
    /// Index of the best ask level, -1 if none.
    var bestAsk: Int
    var occupiedLevels: Int

    init(tick: Int64, capacity: Int = 4096) {
        self.tick = tick
        let capacity = (max(capacity, 64) + 63) & ~63
        self.capacity = capacity
        levels = .allocate(capacity: capacity)
        levels.initialize(repeating: .empty, count: capacity)
        bitmap = .allocate(capacity: capacity / 64)
        bitmap.initialize(repeating: 0, count: capacity / 64)
        baseTick = 0
        bestBid = -1
        bestAsk = -1
        occupiedLevels = 0
    }

    func deallocate() {
        levels.deallocate()
        bitmap.deallocate()
    }

    func price(at index: Int) -> Int64 { (baseTick + Int64(index)) * tick }

    /// `price` in ticks. A tick of 1 (integer prices) skips the division, which costs tens of cycles.
    @inline(__always)
    func ticks(_ price: Int64) -> Int64 { tick == 1 ? price : price / tick }

    /// The index of `price`, which must be inside the ladder (prices of resting orders always are).
    @inline(__always)
    func index(of price: Int64) -> Int { Int(ticks(price) - baseTick) }

    /// The index of `price`, growing or re-centring the ladder first when it lies outside.
    @inline(__always)
    mutating func indexMakingRoom(for price: Int64) -> Int {
        let ticks = ticks(price)
        let index = ticks - baseTick
        if index >= 0 && index < Int64(capacity) { return Int(index) }
        makeRoom(forTicks: ticks)
        return Int(ticks - baseTick)
    }

    @inline(never)
    mutating func makeRoom(forTicks ticks: Int64) {
        if occupiedLevels == 0 {
            // Nothing rests: move the window instead of growing it.
            baseTick = ticks - Int64(capacity / 2)
            return
        }
        var newCapacity = capacity
        var offset = 0
        while true {
            newCapacity *= 2
            // Keep the old levels at the end when the new price is below, at the start when above.
            offset = ticks < baseTick ? newCapacity - capacity : 0
            let newBase = baseTick - Int64(offset)
            let index = ticks - newBase
            if index >= 0 && index < Int64(newCapacity) { break }
        }
        let newLevels = UnsafeMutablePointer<PriceLevel>.allocate(capacity: newCapacity)
        newLevels.initialize(repeating: .empty, count: newCapacity)
        (newLevels + offset).update(from: levels, count: capacity)
        let newBitmap = UnsafeMutablePointer<UInt64>.allocate(capacity: newCapacity / 64)
        newBitmap.initialize(repeating: 0, count: newCapacity / 64)
        (newBitmap + offset / 64).update(from: bitmap, count: capacity / 64)
        levels.deallocate()
        bitmap.deallocate()
        levels = newLevels
        bitmap = newBitmap
        baseTick -= Int64(offset)
        if bestBid >= 0 { bestBid += offset }
        if bestAsk >= 0 { bestAsk += offset }
        capacity = newCapacity
    }

    mutating func markOccupied(_ index: Int) {
        bitmap[index >> 6] |= 1 &<< UInt64(index & 63)
        occupiedLevels += 1
    }

    mutating func markEmpty(_ index: Int) {
        bitmap[index >> 6] &= ~(1 &<< UInt64(index & 63))
        occupiedLevels -= 1
    }

    /// The highest occupied index below `index`, or -1.
    func occupied(below index: Int) -> Int {
        if index <= 0 { return -1 }
        var word = (index - 1) >> 6
        var bits = bitmap[word] & (UInt64.max >> UInt64(63 - ((index - 1) & 63)))
        while true {
            if bits != 0 { return word << 6 + 63 - bits.leadingZeroBitCount }
            word -= 1
            if word < 0 { return -1 }
            bits = bitmap[word]
        }
    }

    /// The lowest occupied index above `index`, or -1.
    func occupied(above index: Int) -> Int {
        let start = index + 1
        if start >= capacity { return -1 }
        var word = start >> 6
        let words = capacity >> 6
        var bits = bitmap[word] & (UInt64.max << UInt64(start & 63))
        while true {
            if bits != 0 { return word << 6 + bits.trailingZeroBitCount }
            word += 1
            if word >= words { return -1 }
            bits = bitmap[word]
        }
    }
}
