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
/// Consecutive summaries mostly share their rows (a frame moves one or two levels), so an encoder (``Encoder``)
/// keeps the previous summary's encoded rows and copies the bytes of every row that is unchanged instead of
/// writing its texts and doubles again.
public enum SummaryWire {
    /// The message without `conflated`, with at most `levels` rows per side.
    public static func encode(_ summary: AggregatedSummary, levels: Int) -> [UInt8] {
        var encoder = Encoder()
        return encoder.encode(summary, levels: levels)
    }

    /// Encodes summaries one after another, reusing the bytes of the rows (and cross-venue rows) the previous one
    /// also had.
    public struct Encoder: Sendable {
        /// The previous summary's values of one repeated field and where each one's whole field (key, length,
        /// body) lies in ``previousBytes``.
        struct Fields<Value: Equatable & Sendable>: Sendable {
            var values: [Value] = []
            var ranges: [Range<Int>] = []
        }

        var previousBytes: [UInt8] = []
        var bids = Fields<AggregatedSummary.Row>()
        var asks = Fields<AggregatedSummary.Row>()
        var crosses = Fields<AggregatedSummary.Cross>()

        public init() {}

        /// The message without `conflated`, with at most `levels` rows per side: the same bytes as
        /// ``SummaryWire/encode(_:levels:)``.
        public mutating func encode(_ summary: AggregatedSummary, levels: Int) -> [UInt8] {
            var writer = ProtobufWriter()
            writer.bytes.reserveCapacity(256 + 64 * (min(levels, summary.bids.count) + min(levels, summary.asks.count)))
            writer.double(1, summary.spread.map(ProtocolEdge.double) ?? 0)
            let newBids = repeated(summary.bids.prefix(levels), field: 2, previous: bids, into: &writer) { $0.level($1) }
            let newAsks = repeated(summary.asks.prefix(levels), field: 3, previous: asks, into: &writer) { $0.level($1) }
            SummaryWire.middle(summary, into: &writer)
            let newCrosses = repeated(summary.crosses[...], field: 9, previous: crosses, into: &writer) { $0.cross($1) }
            previousBytes = writer.bytes
            bids = newBids
            asks = newAsks
            crosses = newCrosses
            return writer.bytes
        }

        /// Writes one repeated field's values, copying a value's field from the previous message when the same
        /// value was there (looked for at the same position first, then outwards: a new level shifts the rows
        /// behind it by one).
        private func repeated<Value: Equatable & Sendable>(
            _ values: ArraySlice<Value>, field: Int, previous: Fields<Value>, into writer: inout ProtobufWriter,
            _ body: (inout ProtobufWriter, Value) -> Void
        ) -> Fields<Value> {
            var fields = Fields<Value>()
            fields.values.reserveCapacity(values.count)
            fields.ranges.reserveCapacity(values.count)
            for (position, value) in values.enumerated() {
                let start = writer.bytes.count
                if let match = Self.find(value, near: position, in: previous.values) {
                    writer.bytes.append(contentsOf: previousBytes[previous.ranges[match]])
                } else {
                    writer.message(field) { body(&$0, value) }
                }
                fields.values.append(value)
                fields.ranges.append(start..<writer.bytes.count)
            }
            return fields
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

    /// Fields 4 to 7 (between the rows and the cross-venue rows; 8 is `conflated`).
    static func middle(_ summary: AggregatedSummary, into writer: inout ProtobufWriter) {
        writer.string(4, summary.symbol)
        if let spread = summary.spread { writer.decimal(5, spread) }
        writer.int64(6, summary.timestamp)
        for venue in summary.venues {
            writer.message(7) { w in
                w.string(1, venue.exchange)
                w.string(2, venue.state)
                w.int64(3, venue.exchangeTime)
                w.int64(4, venue.receiveTime)
                w.int64(5, SummaryService.latencyMicroseconds(venue))
                w.uint64(6, UInt64(venue.messages))
                w.uint64(7, UInt64(venue.gaps))
                w.uint64(8, UInt64(venue.resyncs))
            }
        }
    }

    /// Adds `conflated` (field 8) to encoded bytes; nothing when it is zero (the proto3 default).
    public static func appendConflated(_ conflated: UInt64, to bytes: inout [UInt8]) {
        var writer = ProtobufWriter()
        writer.uint64(8, conflated)
        bytes.append(contentsOf: writer.bytes)
    }
}

/// Writes protobuf fields (proto3: a field holding its default value is not written).
struct ProtobufWriter {
    var bytes: [UInt8] = []

    private enum WireType: UInt8 {
        case varint = 0
        case fixed64 = 1
        case lengthDelimited = 2
    }

    @inline(__always)
    mutating func varint(_ value: UInt64) {
        // Keys, lengths and most counts fit one byte.
        if value < 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value))
            return
        }
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    @inline(__always)
    private mutating func key(_ field: Int, _ type: WireType) {
        varint(UInt64(field) << 3 | UInt64(type.rawValue))
    }

    mutating func string(_ field: Int, _ value: String) {
        guard !value.isEmpty else { return }
        key(field, .lengthDelimited)
        var value = value
        value.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func double(_ field: Int, _ value: Double) {
        guard value.bitPattern != 0 else { return }
        key(field, .fixed64)
        var bits = value.bitPattern
        for _ in 0..<8 {
            bytes.append(UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }

    mutating func int64(_ field: Int, _ value: Int64) {
        guard value != 0 else { return }
        key(field, .varint)
        varint(UInt64(bitPattern: value))
    }

    mutating func uint64(_ field: Int, _ value: UInt64) {
        guard value != 0 else { return }
        key(field, .varint)
        varint(value)
    }

    /// A decimal's canonical text (never empty, so always written), its digits written straight into the bytes.
    mutating func decimal(_ field: Int, _ value: ExactDecimal) {
        guard let fixedPoint = value.fixedPoint else {
            string(field, value.description)
            return
        }
        key(field, .lengthDelimited)
        // The text is under 128 bytes: one varint byte for its length.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: FixedPoint.maximumTextLength()) { text in
            let length = FixedPoint.write(fixedPoint, scale: value.scale, into: text, at: 0)
            bytes.append(UInt8(length))
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: text[..<length]))
        }
    }

    /// An embedded message: written in place, then its length is inserted before it.
    mutating func message(_ field: Int, _ body: (inout ProtobufWriter) -> Void) {
        key(field, .lengthDelimited)
        let start = bytes.count
        body(&self)
        let length = UInt64(bytes.count - start)
        if length < 0x80 {
            // The usual case (under 128 bytes): one byte, no allocation.
            bytes.insert(UInt8(length), at: start)
        } else {
            var prefix = ProtobufWriter()
            prefix.varint(length)
            bytes.insert(contentsOf: prefix.bytes, at: start)
        }
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
