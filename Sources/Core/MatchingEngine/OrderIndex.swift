/// Order id -> slot (or an ``IndexTag``), tuned for the ids an exchange hands out: mostly increasing.
///
/// The most recent `ringSize` ids map directly into a ring of `Int32` (one 4-byte load, and ids issued
/// close together sit close together in memory). Ids that fall out of that window while still live, and ids
/// far below it, live in a ``HashIndex``. Advancing the window moves the live entries that drop out into the
/// hash index: amortised O(1) per new id.
struct OrderIndex {
    static let empty = Int32.min

    var ring: UnsafeMutablePointer<Int32>
    let ringSize: UInt64
    let ringMask: UInt64
    /// The largest id the window covers; the window is `(high - ringSize, high]`.
    var high: UInt64
    var overflow: HashIndex

    init(capacity: Int) {
        var size: UInt64 = 1 << 12
        while size < UInt64(capacity) { size <<= 1 }
        ringSize = size
        ringMask = size - 1
        ring = .allocate(capacity: Int(size))
        ring.initialize(repeating: Self.empty, count: Int(size))
        high = size - 1
        overflow = HashIndex(capacity: 1024)
    }

    func deallocate() {
        ring.deallocate()
        overflow.deallocate()
    }

    @inline(__always) func inWindow(_ id: UInt64) -> Bool { id <= high && high - id < ringSize }

    @inline(__always)
    func find(_ id: UInt64) -> Int32? {
        if inWindow(id) {
            let value = ring[Int(id & ringMask)]
            return value == Self.empty ? nil : value
        }
        return overflow.count == 0 ? nil : overflow.find(id)
    }

    @inline(__always)
    mutating func set(_ id: UInt64, _ value: Int32) {
        if id > high { advance(to: id) }
        if inWindow(id) {
            ring[Int(id & ringMask)] = value
        } else {
            overflow.set(id, value)
        }
    }

    @inline(__always)
    mutating func remove(_ id: UInt64) {
        if inWindow(id) {
            ring[Int(id & ringMask)] = Self.empty
        } else if overflow.count > 0 {
            overflow.remove(id)
        }
    }

    /// Moves the window up so that it ends at `newHigh`, evicting live entries that fall out of it.
    mutating func advance(to newHigh: UInt64) {
        let low = high &- ringSize &+ 1  // lowest id currently covered (wraps harmlessly at the start)
        if newHigh - high >= ringSize {
            for i in 0..<ringSize where ring[Int(i)] != Self.empty {
                // The id in the current window whose ring position is i.
                let id = low &+ ((i &- low) & ringMask)
                overflow.set(id, ring[Int(i)])
                ring[Int(i)] = Self.empty
            }
        } else {
            var id = low
            let end = newHigh &- ringSize  // ids up to this one fall out
            while id != end &+ 1 {
                let i = Int(id & ringMask)
                if ring[i] != Self.empty {
                    overflow.set(id, ring[i])
                    ring[i] = Self.empty
                }
                id &+= 1
            }
        }
        high = newHigh
    }
}
