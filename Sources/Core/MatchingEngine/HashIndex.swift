/// Order id -> value, as an open-addressing hash table with linear probing and backward-shift deletion.
///
/// `Dictionary<UInt64, Int32>` costs a generic hash (SipHash) and a uniqueness check per access; this table
/// hashes with one multiply and lives in one preallocated buffer kept at most half full.
struct HashIndex {
    struct Entry {
        var key: UInt64
        var value: Int32
        var used: Bool
    }

    var entries: UnsafeMutablePointer<Entry>
    var mask: Int
    var shift: UInt64
    var count: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        entries = .allocate(capacity: size)
        entries.initialize(repeating: Entry(key: 0, value: 0, used: false), count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
        count = 0
    }

    func home(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The value stored for `key`, or `nil`.
    func find(_ key: UInt64) -> Int32? {
        var index = home(key)
        while true {
            let entry = entries[index]
            if !entry.used { return nil }
            if entry.key == key { return entry.value }
            index = (index + 1) & mask
        }
    }

    /// Inserts or replaces.
    mutating func set(_ key: UInt64, _ value: Int32) {
        if (count + 1) * 2 > mask + 1 { grow() }
        var index = home(key)
        while true {
            if !entries[index].used {
                entries[index] = Entry(key: key, value: value, used: true)
                count += 1
                return
            }
            if entries[index].key == key {
                entries[index].value = value
                return
            }
            index = (index + 1) & mask
        }
    }

    /// Removes `key` if present (backward-shift keeps every probe chain unbroken, no tombstones).
    mutating func remove(_ key: UInt64) {
        var index = home(key)
        while true {
            if !entries[index].used { return }
            if entries[index].key == key { break }
            index = (index + 1) & mask
        }
        var hole = index
        var next = (hole + 1) & mask
        while entries[next].used {
            let ideal = home(entries[next].key)
            // Move the entry into the hole when the hole lies on its probe path (cyclically in [ideal, next)).
            if (next - ideal) & mask >= (next - hole) & mask {
                entries[hole] = entries[next]
                hole = next
            }
            next = (next + 1) & mask
        }
        entries[hole].used = false
        count -= 1
    }

    mutating func grow() {
        let old = entries
        let oldSize = mask + 1
        let size = oldSize * 2
        entries = .allocate(capacity: size)
        entries.initialize(repeating: Entry(key: 0, value: 0, used: false), count: size)
        mask = size - 1
        shift = UInt64(64 - size.trailingZeroBitCount)
        count = 0
        for i in 0..<oldSize where old[i].used { set(old[i].key, old[i].value) }
        old.deallocate()
    }

    func deallocate() { entries.deallocate() }
}
