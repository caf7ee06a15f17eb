import BourseCore
import ConsolidatedBook

/// The `orderbook.Summary` protobuf message of a summary, written straight from the ``AggregatedSummary`` into
/// bytes: the same bytes SwiftProtobuf writes for ``SummaryService/message(_:levels:conflated:)`` (fields in
/// number order, proto3 defaults left out), without building the message model first or walking it through
/// SwiftProtobuf's generic visitors, which cost more than the whole merge of a frame.
///
/// The bytes leave out `conflated` (field 8), the only per-subscriber field: ``appendConflated(_:to:)`` adds it at
/// the end. Protobuf readers accept fields in any order, and the bytes are then shared by every subscriber.
///
/// Consecutive summaries mostly share their rows (a frame moves one or two levels and one venue's counters), so an
/// encoder (``Encoder``) keeps the previous summary's encoded rows and venue states and copies the bytes of every
/// one that is unchanged instead of writing its texts and numbers again.
public enum SummaryWire {
    /// The message without `conflated`, with at most `levels` rows per side.
    public static func encode(_ summary: AggregatedSummary, levels: Int) -> [UInt8] {
        var encoder = Encoder()
        return encoder.encode(summary, levels: levels)
    }

    /// Encodes summaries one after another, reusing the bytes of the rows, venue states and cross-venue rows the
    /// previous one also had (a frame changes one venue's state and a level or two).
    public struct Encoder: Sendable {
        /// The previous summary's values of one repeated field (rows, venues, cross-venue rows) and where each
        /// one's whole field (key, length, body) lies in ``previousBytes``.
        struct Fields<Value: Equatable & Sendable>: Sendable {
            var values: [Value] = []
            var ranges: [Range<Int>] = []

            mutating func clear() {
                values.removeAll(keepingCapacity: true)
                ranges.removeAll(keepingCapacity: true)
            }
        }

        var previousBytes: [UInt8] = []
        var bids = Fields<AggregatedSummary.Row>()
        var asks = Fields<AggregatedSummary.Row>()
        var venues = Fields<AggregatedSummary.Venue>()
        var crosses = Fields<AggregatedSummary.Cross>()
        /// The fields being written; swapped with the previous ones at the end, so neither allocates once warm.
        var spare = (bids: Fields<AggregatedSummary.Row>(), asks: Fields<AggregatedSummary.Row>(),
                     venues: Fields<AggregatedSummary.Venue>(), crosses: Fields<AggregatedSummary.Cross>())

        /// Where messages are written before they are copied out (kept from one message to the next).
        var scratch = ProtobufBuffer()

        public init() {}

        /// The message without `conflated`, with at most `levels` rows per side: the same bytes as
        /// ``SummaryWire/encode(_:levels:)``.
        ///
        /// Written into the encoder's scratch buffer, then copied into the returned array: one allocation.
        public mutating func encode(_ summary: AggregatedSummary, levels: Int) -> [UInt8] {
            if !isKnownUniquelyReferenced(&scratch) { scratch = ProtobufBuffer() }  // a copy of this encoder shares it
            var newBids = spare.bids
            var newAsks = spare.asks
            var newVenues = spare.venues
            var newCrosses = spare.crosses
            spare = (Fields(), Fields(), Fields(), Fields())
            newBids.clear()
            newAsks.clear()
            newVenues.clear()
            newCrosses.clear()
            var writer = ProtobufWriter(scratch)
            writer.double(1, summary.spread.map(ProtocolEdge.double) ?? 0)
            repeated(summary.bids.prefix(levels), field: 2, previous: bids, into: &writer, &newBids) { $0.level($1) }
            repeated(summary.asks.prefix(levels), field: 3, previous: asks, into: &writer, &newAsks) { $0.level($1) }
            SummaryWire.header(summary, into: &writer)
            repeated(summary.venues[...], field: 7, previous: venues, into: &writer, &newVenues) { $0.venue($1) }
            repeated(summary.crosses[...], field: 9, previous: crosses, into: &writer, &newCrosses) { $0.cross($1) }
            let bytes = writer.bytes
            previousBytes = bytes
            spare = (bids, asks, venues, crosses)
            bids = newBids
            asks = newAsks
            venues = newVenues
            crosses = newCrosses
            return bytes
        }

        /// Writes one repeated field's values into `writer` and their places into `fields`, copying a value's field
        /// from the previous message when the same value was there (looked for at the same position first, then
        /// outwards: a new level shifts the rows behind it by one).
        private func repeated<Value: Equatable & Sendable>(
            _ values: ArraySlice<Value>, field: Int, previous: Fields<Value>, into writer: inout ProtobufWriter,
            _ fields: inout Fields<Value>, _ body: (inout ProtobufWriter, Value) -> Void
        ) {
            for (position, value) in values.enumerated() {
                let start = writer.count
                if let match = Self.find(value, near: position, in: previous.values) {
                    let range = previous.ranges[match]
                    previousBytes.withUnsafeBufferPointer { writer.append(UnsafeBufferPointer(rebasing: $0[range])) }
                } else {
                    writer.message(field) { body(&$0, value) }
                }
                fields.values.append(value)
                fields.ranges.append(start..<writer.count)
            }
        }

        static func find<Value: Equatable>(_ value: Value, near position: Int, in values: [Value]) -> Int? {
            for distance in 0..<values.count {
                let after = position + distance
                let before = position - distance
                if after >= values.count && before < 0 { return nil }
                if after < values.count && values[after] == value { return after }
                if distance > 0 && before >= 0 && before < values.count && values[before] == value { return before }
            }
            return nil
        }
    }

    /// Fields 4 to 6 (between the rows and the venues).
    static func header(_ summary: AggregatedSummary, into writer: inout ProtobufWriter) {
        writer.string(4, summary.symbol)
        if let spread = summary.spread { writer.decimal(5, spread) }
        writer.int64(6, summary.timestamp)
    }

    /// Adds `conflated` (field 8) to encoded bytes; nothing when it is zero (the proto3 default).
    public static func appendConflated(_ conflated: UInt64, to bytes: inout [UInt8]) {
        var writer = ProtobufWriter(ProtobufBuffer(capacity: 16))
        writer.uint64(8, conflated)
        bytes.append(contentsOf: writer.bytes)
    }
}

/// The growable byte storage a ``ProtobufWriter`` writes into, reused from one message to the next.
final class ProtobufBuffer: @unchecked Sendable {
    // Unchecked: only ever used by one writer at a time (an encoder replaces a buffer it does not hold alone).
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int

    init(capacity: Int = 2_048) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    /// Makes room for at least `needed` bytes, keeping the first `count`.
    func grow(to needed: Int, keeping count: Int) {
        let bigger = max(needed, capacity * 2)
        let next = UnsafeMutablePointer<UInt8>.allocate(capacity: bigger)
        next.update(from: base, count: count)
        base.deallocate()
        base = next
        capacity = bigger
    }
}

/// Writes protobuf fields (proto3: a field holding its default value is not written) into a ``ProtobufBuffer``:
/// bytes are stored in place, with one room check per field instead of an array's capacity and uniqueness checks
/// per byte.
struct ProtobufWriter {
    let storage: ProtobufBuffer
    /// Bytes written so far.
    private(set) var count = 0
    /// Where bytes go: the storage's memory, refreshed when it grows.
    private var base: UnsafeMutablePointer<UInt8>

    init(_ storage: ProtobufBuffer) {
        self.storage = storage
        base = storage.base
    }

    /// The bytes written, as an array.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    private enum WireType: UInt8 {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
    }

    /// Makes room for `n` more bytes.
    @inline(__always)
    private mutating func reserve(_ n: Int) {
        if n > storage.capacity - count { grow(n) }
    }

    @inline(never)
    private mutating func grow(_ n: Int) {
        storage.grow(to: count + n, keeping: count)
        base = storage.base
    }

    /// One byte; the caller reserved room for it.
    @inline(__always)
    private mutating func byte(_ value: UInt8) {
        base[count] = value
        count &+= 1
    }

    /// A varint; the caller reserved room for it (at most 10 bytes).
    @inline(__always)
    private mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            byte(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        byte(UInt8(value))
    }

    @inline(__always)
    private mutating func key(_ field: Int, _ type: WireType) {
        varint(UInt64(field) << 3 | UInt64(type.rawValue))
    }

    /// Bytes copied as they are (a field of an earlier message).
    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        reserve(bytes.count)
        guard let source = bytes.baseAddress, !bytes.isEmpty else { return }
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    mutating func string(_ field: Int, _ value: String) {
        guard !value.isEmpty else { return }
        var value = value
        value.withUTF8 { utf8 in
            reserve(11 + utf8.count)
            key(field, .lengthDelimited)
            varint(UInt64(utf8.count))
            (base + count).update(from: utf8.baseAddress!, count: utf8.count)
            count += utf8.count
        }
    }

    mutating func double(_ field: Int, _ value: Double) {
        guard value.bitPattern != 0 else { return }
        reserve(9)
        key(field, .fixed64)
        var bits = value.bitPattern
        for _ in 0..<8 {
            byte(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }

    mutating func int64(_ field: Int, _ value: Int64) {
        guard value != 0 else { return }
        reserve(11)
        key(field, .varint)
        varint(UInt64(bitPattern: value))
    }

    mutating func uint64(_ field: Int, _ value: UInt64) {
        guard value != 0 else { return }
        reserve(11)
        key(field, .varint)
        varint(value)
    }

    /// A decimal's canonical text (never empty, so always written), its digits written straight into the bytes.
    mutating func decimal(_ field: Int, _ value: ExactDecimal) {
        guard let fixedPoint = value.fixedPoint else {
            string(field, value.description)
            return
        }
        reserve(2 + FixedPoint.maximumTextLength())
        key(field, .lengthDelimited)
        // The text is under 128 bytes: one varint byte for its length, written after the text.
        let room = UnsafeMutableBufferPointer(start: base, count: storage.capacity)
        let end = FixedPoint.write(fixedPoint, scale: value.scale, into: room, at: count + 1)
        base[count] = UInt8(end - count - 1)
        count = end
    }

    /// An embedded message: written in place after one byte left for its length; a body of 128 bytes or more
    /// (rare) moves up to make room for a longer length.
    mutating func message(_ field: Int, _ body: (inout ProtobufWriter) -> Void) {
        reserve(2)
        key(field, .lengthDelimited)
        let lengthAt = count
        count += 1
        body(&self)
        let length = count - lengthAt - 1
        if length < 0x80 {
            base[lengthAt] = UInt8(length)
            return
        }
        var extra = 0
        var rest = length >> 7
        while rest > 0 {
            extra += 1
            rest >>= 7
        }
        reserve(extra)
        let bodyStart = UnsafeMutableRawPointer(base + lengthAt + 1)
        (bodyStart + extra).copyMemory(from: bodyStart, byteCount: length)  // memmove: the ranges overlap
        count = lengthAt
        varint(UInt64(length))
        count += length
    }

    /// A `VenueState`: the venue's state and freshness.
    mutating func venue(_ venue: AggregatedSummary.Venue) {
        string(1, venue.exchange)
        string(2, venue.state)
        int64(3, venue.exchangeTime)
        int64(4, venue.receiveTime)
        int64(5, SummaryService.latencyMicroseconds(venue))
        uint64(6, UInt64(venue.messages))
        uint64(7, UInt64(venue.gaps))
        uint64(8, UInt64(venue.resyncs))
    }

    /// A `Cross`: the venues and the exact texts.
    mutating func cross(_ cross: AggregatedSummary.Cross) {
        string(1, cross.buyExchange)
        decimal(2, cross.askPrice)
        string(3, cross.sellExchange)
        decimal(4, cross.bidPrice)
        decimal(5, cross.quantity)
        decimal(6, cross.grossEdge)
        decimal(7, cross.netEdge)
    }

    /// A `Level`: exchange, price and amount as doubles (the edge) and as exact texts.
    mutating func level(_ row: AggregatedSummary.Row) {
        string(1, row.exchange)
        double(2, ProtocolEdge.double(row.price))
        double(3, ProtocolEdge.double(row.amount))
        decimal(4, row.price)
        decimal(5, row.amount)
    }
}
