import AggregatorAPI
import BourseCore
import ConsolidatedBook
import Feeds
import GRPCCore
import GRPCProtobuf
import MarketData

/// `orderbook.OrderbookAggregator`: streams summaries of the consolidated books, conflated per subscriber.
///
/// Each stream waits for a summary newer than the one it sent last and sends the newest; while a slow client
/// is still writing, newer summaries replace each other in the aggregator's one-slot channel, so the client
/// gets the latest state, never a backlog (``Orderbook_Summary/conflated`` counts what it skipped).
///
/// A summary is encoded once for all the streams that send it at the same depth (the ``SummaryCache``,
/// ``SummaryWire``): with a thousand subscribers, the decimals are formatted and converted once, not a thousand
/// times, and each stream only appends its own `conflated` count. The service registers its methods itself,
/// with the generated descriptors and request types, so that responses go out as those bytes.
public struct SummaryService: RegistrableRPCService {
    let aggregators: [CanonicalSymbol: SymbolAggregator]
    let defaultSymbol: CanonicalSymbol
    let levels: Int
    let cache = SummaryCache(encoder: { SummaryWire.Encoder() }) { encoder, summary, levels in
        encoder.encode(summary, levels: levels)
    }

    public init(aggregators: [SymbolAggregator], levels: Int) {
        var bySymbol: [CanonicalSymbol: SymbolAggregator] = [:]
        for aggregator in aggregators { bySymbol[aggregator.symbol] = aggregator }
        self.aggregators = bySymbol
        defaultSymbol = aggregators[0].symbol
        self.levels = levels
    }

    public func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(
            forMethod: Orderbook_OrderbookAggregator.Method.BookSummary.descriptor,
            deserializer: ProtobufDeserializer<Orderbook_Empty>(), serializer: EncodedSummarySerializer()
        ) { request, _ in
            _ = try await ServerRequest(stream: request)
            return StreamingServerResponse { writer in
                try await self.stream(self.aggregators[self.defaultSymbol]!, levels: self.levels, to: writer)
                return [:]
            }
        }
        router.registerHandler(
            forMethod: Orderbook_OrderbookAggregator.Method.SymbolBookSummary.descriptor,
            deserializer: ProtobufDeserializer<Orderbook_SymbolRequest>(), serializer: EncodedSummarySerializer()
        ) { request, _ in
            let message = try await ServerRequest(stream: request).message
            guard let symbol = CanonicalSymbol(message.symbol), let aggregator = self.aggregators[symbol] else {
                throw RPCError(
                    code: .notFound,
                    message: "unknown symbol '\(message.symbol)'; followed: "
                        + self.aggregators.keys.map(\.description).sorted().joined(separator: ", "))
            }
            let levels = message.levels == 0 ? self.levels : min(Int(message.levels), self.levels)
            return StreamingServerResponse { writer in
                try await self.stream(aggregator, levels: levels, to: writer)
                return [:]
            }
        }
    }

    private func stream(_ aggregator: SymbolAggregator, levels: Int, to response: RPCWriter<EncodedSummary>) async throws {
        var version: UInt64 = 0
        var lastSequence: UInt64 = 0
        var conflated: UInt64 = 0
        aggregator.latency.streamOpened()
        defer { aggregator.latency.streamClosed() }
        // The current summary first (if any), then every newer one.
        while let (summary, next) = await aggregator.summaries.next(after: version) {
            version = next
            if lastSequence != 0 && summary.sequence > lastSequence + 1 { conflated += summary.sequence - lastSequence - 1 }
            lastSequence = summary.sequence
            var bytes = cache.output(summary, of: aggregator, levels: levels)
            SummaryWire.appendConflated(conflated, to: &bytes)
            // When the write's bytes reached the socket, where that is known exactly (SocketHandoff).
            let socketAt = try await SocketHandoff.timing { try await response.write(EncodedSummary(bytes: bytes)) }
            aggregator.latency.recordWrite(sequence: summary.sequence, at: WallClock.nanoseconds(), socketAt: socketAt)
        }
    }

    /// `latency_us` of a venue: receive time minus exchange time, 0 while either is unknown.
    static func latencyMicroseconds(_ venue: AggregatedSummary.Venue) -> Int64 {
        venue.exchangeTime > 0 && venue.receiveTime > 0 ? (venue.receiveTime - venue.exchangeTime) / 1_000 : 0
    }

    /// The protocol message of a summary as SwiftProtobuf's model: what ``SummaryWire`` writes directly (the tests
    /// hold the two to the same bytes). Decimals become `Double` only here and there (the protocol asks for it).
    public static func message(_ summary: AggregatedSummary, levels: Int, conflated: UInt64 = 0) -> Orderbook_Summary {
        func level(_ row: AggregatedSummary.Row) -> Orderbook_Level {
            var level = Orderbook_Level()
            level.exchange = row.exchange
            level.price = ProtocolEdge.double(row.price)
            level.amount = ProtocolEdge.double(row.amount)
            level.priceText = row.price.description
            level.amountText = row.amount.description
            return level
        }
        var message = Orderbook_Summary()
        message.symbol = summary.symbol
        message.spread = summary.spread.map(ProtocolEdge.double) ?? 0
        message.spreadText = summary.spread?.description ?? ""
        message.bids = summary.bids.prefix(levels).map(level)
        message.asks = summary.asks.prefix(levels).map(level)
        message.timestampNs = summary.timestamp
        message.conflated = conflated
        message.venues = summary.venues.map { venue in
            var state = Orderbook_VenueState()
            state.exchange = venue.exchange
            state.state = venue.state
            state.exchangeTimestampNs = venue.exchangeTime
            state.receiveTimestampNs = venue.receiveTime
            state.latencyUs = latencyMicroseconds(venue)
            state.messages = UInt64(venue.messages)
            state.gaps = UInt64(venue.gaps)
            state.resyncs = UInt64(venue.resyncs)
            return state
        }
        message.crosses = summary.crosses.map { cross in
            var row = Orderbook_Cross()
            row.buyExchange = cross.buyExchange
            row.askPriceText = cross.askPrice.description
            row.sellExchange = cross.sellExchange
            row.bidPriceText = cross.bidPrice.description
            row.quantityText = cross.quantity.description
            row.grossEdgeText = cross.grossEdge.description
            row.netEdgeText = cross.netEdge.description
            return row
        }
        return message
    }
}

/// A summary already encoded as an `orderbook.Summary` protobuf message.
public struct EncodedSummary: Sendable {
    public var bytes: [UInt8]
}

/// Hands the encoded bytes to the transport as they are.
struct EncodedSummarySerializer: MessageSerializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: EncodedSummary) throws -> Bytes { Bytes(message.bytes) }
}
