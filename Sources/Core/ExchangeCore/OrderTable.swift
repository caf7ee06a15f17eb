import BourseCore

/// Every order record the exchange has seen, by id.
///
/// Ids are handed out in order (1, 2, 3, ...) and records are never removed, so the table is a sequence of
/// fixed-size chunks of slots: an id's place is arithmetic, not a hash. Why not a `Dictionary`: this table grows
/// with the whole order history, and a dictionary that grows rehashes everything it holds each time it doubles —
/// measured in the running exchange at 25 ms with 49k orders, 50 ms with 98k and 118 ms with 197k, with the
/// single writer stopped meanwhile. Here growth adds one chunk. And each chunk is its own copy-on-write array, so
/// a copy of the table (a snapshot's ``ExchangeState/image()``) costs, on the next write, a copy of the chunk
/// written to (~4k records) instead of the whole history. An id far beyond the ids in use (only odd input makes
/// one) is kept aside rather than given the chunks up to it.
public struct OrderTable: Sendable, Equatable {
    /// Slots per chunk (a power of two).
    static let chunkSize: UInt64 = 4_096
    /// How far past the chunks in use an id may land and still get chunks of its own (ids come in order, so only
    /// odd input lands further).
    static let maximumGap: UInt64 = 1_024

    /// Chunk `c` holds ids `c × chunkSize + 1 ... (c + 1) × chunkSize`. An array of arrays: element access is in
    /// place (also in debug builds, where a dictionary of chunks copied a whole chunk on every write).
    private var chunks: [[OrderRecord?]] = []
    /// Records whose id is far beyond the chunks in use when stored (never for ids handed out in order).
    private var strays: [OrderID: OrderRecord] = [:]
    /// Records held.
    public private(set) var count = 0

    public init() {}

    /// The record of `id`, or `nil`. Setting `nil` removes it.
    public subscript(id: OrderID) -> OrderRecord? {
        get {
            guard id.rawValue > 0 else { return nil }
            let (chunk, slot) = Self.place(id)
            if chunk < UInt64(chunks.count), let record = chunks[Int(chunk)][slot] { return record }
            return strays.isEmpty ? nil : strays[id]
        }
        _modify {
            let (chunk, slot) = id.rawValue > 0 ? Self.place(id) : (UInt64.max, 0)
            if id.rawValue == 0 || strays[id] != nil || chunk >= UInt64(chunks.count) + Self.maximumGap {
                let had = strays[id] != nil
                yield &strays[id]
                precondition(id.rawValue > 0 || strays[id] == nil, "order id 0 is never handed out")
                let has = strays[id] != nil
                if had != has { count += has ? 1 : -1 }
                return
            }
            while UInt64(chunks.count) <= chunk {
                chunks.append(Array(repeating: nil, count: Int(Self.chunkSize)))
            }
            let had = chunks[Int(chunk)][slot] != nil
            yield &chunks[Int(chunk)][slot]
            let has = chunks[Int(chunk)][slot] != nil
            if had != has { count += has ? 1 : -1 }
        }
    }

    /// The records in ascending id order.
    public var records: [OrderRecord] {
        var all: [OrderRecord] = []
        all.reserveCapacity(count)
        forEach { all.append($0) }
        return all
    }

    /// Calls `body` with every record in ascending id order, without collecting them first.
    public func forEach(_ body: (OrderRecord) throws -> Void) rethrows {
        if strays.isEmpty {
            for chunk in chunks {
                for case let record? in chunk { try body(record) }
            }
            return
        }
        var all = Array(strays.values)
        for chunk in chunks {
            for case let record? in chunk { all.append(record) }
        }
        for record in all.sorted(by: { $0.id < $1.id }) { try body(record) }
    }

    public static func == (a: OrderTable, b: OrderTable) -> Bool {
        guard a.count == b.count else { return false }
        return a.records == b.records
    }

    private static func place(_ id: OrderID) -> (chunk: UInt64, slot: Int) {
        let index = id.rawValue - 1
        return (index / chunkSize, Int(index % chunkSize))
    }
}
