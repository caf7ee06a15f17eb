import BourseCore

/// A resting order as the engine stores it: one slot of ``OrderPool``, linked into its price level's FIFO queue
/// by slot indices (`prev`/`next`), so cancel by id is O(1) and the matching loop never allocates.
struct OrderNode {
    var id: UInt64
    var price: Int64
    /// Size shown in the book (for an iceberg: the current slice).
    var visible: Int64
    /// Iceberg reserve not shown in the book.
    var hidden: Int64
    /// Iceberg slice size, 0 for a plain order.
    var display: Int64
    /// Total traded over the order's life (bracket legs are sized by it; the OCO rule looks for the first fill).
    var filled: Int64
    var prev: Int32
    var next: Int32
    var account: UInt32
    var side: Side
    var stp: SelfTradePrevention
    var flags: UInt8

    static let postOnly: UInt8 = 1
    static let hasOCO: UInt8 = 2
    static let bracketEntry: UInt8 = 4
    static let inUse: UInt8 = 8

    var remaining: Int64 { visible + hidden }
}

/// The fields of a resting order that the matching loop does not read, kept apart so that a hot
/// ``OrderNode`` fills exactly one 64-byte cache line.
struct OrderExtra {
    var acceptance: UInt64
    /// GTD expiry, `Int64.max` for none.
    var expiresAt: Int64
    var ocoPartner: UInt64
}

/// A preallocated array of ``OrderNode`` with a free list. Grows by doubling when full (amortised, rare);
/// in steady state taking and returning a slot is a couple of loads and stores.
struct OrderPool {
    var nodes: UnsafeMutablePointer<OrderNode>
    var extras: UnsafeMutablePointer<OrderExtra>
    var capacity: Int
    var freeHead: Int32
    var used: Int

    init(capacity: Int) {
        let capacity = max(capacity, 16)
        nodes = Self.allocateNodes(capacity)
        extras = .allocate(capacity: capacity)
        extras.initialize(repeating: OrderExtra(acceptance: 0, expiresAt: .max, ocoPartner: 0), count: capacity)
        self.capacity = capacity
        freeHead = -1
        used = 0
        Self.threadFreeList(nodes, from: 0, to: capacity, head: &freeHead)
    }

    private static func threadFreeList(
        _ nodes: UnsafeMutablePointer<OrderNode>, from: Int, to: Int, head: inout Int32
    ) {
        var index = to - 1
        while index >= from {
            (nodes + index).initialize(
                to: OrderNode(
                    id: 0, price: 0, visible: 0, hidden: 0, display: 0, filled: 0, prev: -1, next: head, account: 0,
                    side: .buy, stp: .none, flags: 0))
            head = Int32(index)
            index -= 1
        }
    }

    /// Takes a free slot (growing the pool if none is left) and returns its index.
    @inline(__always)
    mutating func allocate() -> Int32 {
        if freeHead < 0 { grow() }
        let slot = freeHead
        freeHead = nodes[Int(slot)].next
        used += 1
        return slot
    }

    /// Returns a slot to the free list.
    @inline(__always)
    mutating func free(_ slot: Int32) {
        nodes[Int(slot)].flags = 0
        nodes[Int(slot)].next = freeHead
        freeHead = slot
        used -= 1
    }

    mutating func grow() {
        let newCapacity = capacity * 2
        let newNodes = Self.allocateNodes(newCapacity)
        newNodes.moveInitialize(from: nodes, count: capacity)
        nodes.deallocate()
        nodes = newNodes
        let newExtras = UnsafeMutablePointer<OrderExtra>.allocate(capacity: newCapacity)
        newExtras.moveInitialize(from: extras, count: capacity)
        (newExtras + capacity).initialize(
            repeating: OrderExtra(acceptance: 0, expiresAt: .max, ocoPartner: 0), count: newCapacity - capacity)
        extras.deallocate()
        extras = newExtras
        Self.threadFreeList(nodes, from: capacity, to: newCapacity, head: &freeHead)
        capacity = newCapacity
    }

    /// Nodes aligned to cache lines: with a 64-byte stride each node then sits in exactly one line.
    private static func allocateNodes(_ count: Int) -> UnsafeMutablePointer<OrderNode> {
        UnsafeMutableRawPointer.allocate(byteCount: MemoryLayout<OrderNode>.stride * count, alignment: 64)
            .bindMemory(to: OrderNode.self, capacity: count)
    }

    func deallocate() {
        nodes.deallocate()
        extras.deallocate()
    }
}
