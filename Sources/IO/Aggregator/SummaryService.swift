import AggregatorAPI
import ConsolidatedBook
import Feeds
import GRPCCore
import MarketData
import Synchronization

/// `orderbook.OrderbookAggregator`: streams summaries of the consolidated books, conflated per subscriber.
///
/// Each stream waits for a summary newer than the one it sent last and sends the newest; while a slow client
/// is still writing, newer summaries replace each other in the aggregator's one-slot channel, so the client
/// gets the latest state, never a backlog (``Orderbook_Summary/conflated`` counts what it skipped).
///
/// The message of a summary is built once for all the streams that send it at the same depth (the
/// ``MessageCache``): with a thousand subscribers, the decimals are formatted and converted once, not a thousand
/// times; each stream only sets its own ``Orderbook_Summary/conflated``.
public struct SummaryService: Orderbook_OrderbookAggregator.SimpleServiceProtocol {
    let aggregators: [CanonicalSymbol: SymbolAggregator]
    let defaultSymbol: CanonicalSymbol
    let levels: Int
    let cache = MessageCache()

    public init(aggregators: [SymbolAggregator], levels: Int) {
        var bySymbol: [CanonicalSymbol: SymbolAggregator] = [:]
        for aggregator in aggregators { bySymbol[aggregator.symbol] = aggregator }
        self.aggregators = bySymbol
        defaultSymbol = aggregators[0].symbol
        self.levels = levels
    }

    public func bookSummary(
        request: Orderbook_Empty, response: RPCWriter<Orderbook_Summary>, context: ServerContext
    ) async throws {
        try await stream(aggregators[defaultSymbol]!, levels: levels, to: response)
    }

    public func symbolBookSummary(
        request: Orderbook_SymbolRequest, response: RPCWriter<Orderbook_Summary>, context: ServerContext
    ) async throws {
        guard let symbol = CanonicalSymbol(request.symbol), let aggregator = aggregators[symbol] else {
            throw RPCError(
                code: .notFound,
                message: "unknown symbol '\(request.symbol)'; followed: \(aggregators.keys.map(\.description).sorted().joined(separator: ", "))")
        }
        let levels = request.levels == 0 ? self.levels : min(Int(request.levels), self.levels)
        try await stream(aggregator, levels: levels, to: response)
    }

    private func stream(_ aggregator: SymbolAggregator, levels: Int, to response: RPCWriter<Orderbook_Summary>) async throws {
        var version: UInt64 = 0
        var lastSequence: UInt64 = 0
        var conflated: UInt64 = 0
        // The current summary first (if any), then every newer one.
        while let (summary, next) = await aggregator.summaries.next(after: version) {
            version = next
            if lastSequence != 0 && summary.sequence > lastSequence + 1 { conflated += summary.sequence - lastSequence - 1 }
            lastSequence = summary.sequence
            var message = cache.message(summary, of: aggregator, levels: levels)
            message.conflated = conflated
            try await response.write(message)
        }
    }

    /// The protocol message of a summary; the only place its decimals become `Double` (the protocol asks for it).
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
            state.latencyUs = venue.exchangeTime > 0 && venue.receiveTime > 0 ? (venue.receiveTime - venue.exchangeTime) / 1_000 : 0
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

/// The newest protocol message per (aggregator, depth), shared by the streams that send it.
final class MessageCache: Sendable {
    struct Key: Hashable {
        var aggregator: ObjectIdentifier
        var levels: Int
    }

    private let entries = Mutex<[Key: (sequence: UInt64, message: Orderbook_Summary)]>([:])

    /// The message of `summary` (identified by its sequence number within its aggregator), built at most once.
    /// Two streams asking at the same moment may both build it; either result is the same message.
    func message(_ summary: AggregatedSummary, of aggregator: SymbolAggregator, levels: Int) -> Orderbook_Summary {
        let key = Key(aggregator: ObjectIdentifier(aggregator), levels: levels)
        if let entry = entries.withLock({ $0[key] }), entry.sequence == summary.sequence { return entry.message }
        let message = SummaryService.message(summary, levels: levels)
        entries.withLock { entries in
            if (entries[key]?.sequence ?? 0) <= summary.sequence { entries[key] = (summary.sequence, message) }
        }
        return message
    }
}
