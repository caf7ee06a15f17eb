import BourseCore
import ConsolidatedBook
import Feeds
import Logging
import MarketData
import OrderBook
import Synchronization
import Trading

/// One symbol's pipeline: a supervised connector per venue, the consolidated book they feed, and the summaries
/// it publishes through a conflating channel.
///
/// Every connector publishes its own status; the merge observes each publication on the connector's own task
/// (no task switch), updates the book under one lock (a venue that is not live is withdrawn at once) and
/// publishes a new ``AggregatedSummary``. A slow consumer of ``summaries`` sees the newest summary, never a
/// backlog.
public final class SymbolAggregator: Sendable {
    /// The canonical symbol.
    public let symbol: CanonicalSymbol
    /// The newest summary.
    public let summaries: LatestValue<AggregatedSummary>
    /// The newest snapshot for trading (best levels gross and net of fees, venue health and book ages).
    public let snapshots: LatestValue<MarketSnapshot>
    /// The newest trader book a strategy published for this symbol (`nil` until one does).
    public let traderBooks: LatestValue<TraderBook?>
    /// The connectors, one per venue.
    public let connectors: [FeedConnector<AnyVenueDriver>]
    /// Frame-to-summary and frame-to-gRPC-write latencies, measured on every frame.
    public let latency: PipelineLatency
    let fees: [String: Int]
    let levels: Int
    let logger: Logger

    /// Levels per side in the trading snapshot.
    public static let snapshotDepth = 20

    /// How often the trading snapshot is rebuilt while the book changes.
    public var snapshotPeriod: Duration { .milliseconds(50) }

    /// The scales of the consolidated book: fine enough for every venue's prices and sizes.
    public static let scales = try! BookScales(price: 10, size: 8)

    /// - Parameters:
    ///   - symbol: the canonical symbol.
    ///   - connectors: one per venue (already configured with addresses).
    ///   - levels: rows per side in the summaries.
    ///   - takerFees: basis points per venue name, for net prices and cross-venue edges.
    ///   - latency: where the pipeline's latencies are counted; made before the connectors when their
    ///     ``FeedConfiguration/yieldAfterFrame`` reads it (``FrameYield``).
    public init(
        symbol: CanonicalSymbol, connectors: [FeedConnector<AnyVenueDriver>], levels: Int = 10,
        takerFees: [String: Int] = [:], latency: PipelineLatency = PipelineLatency(),
        logger: Logger = Logger(label: "bourse.aggregate")
    ) {
        self.symbol = symbol
        self.latency = latency
        self.connectors = connectors
        self.levels = levels
        fees = takerFees
        self.logger = logger
        summaries = LatestValue(.empty(symbol: symbol.description))
        snapshots = LatestValue(.empty(symbol: symbol.description, scales: Self.scales))
        traderBooks = LatestValue(nil)
    }

    /// Runs the connectors and the merge loop until cancelled.
    public func run() async {
        let connectors = self.connectors
        await run(statuses: connectors.map(\.status)) {
            await withTaskGroup(of: Void.self) { group in
                for connector in connectors {
                    group.addTask { await connector.run() }
                }
            }
        }
    }

    /// Runs the merge over `statuses` (one channel per venue, in order) for as long as `feed` runs, then finishes
    /// ``summaries`` and ``snapshots``. ``run()`` feeds it the connectors; a benchmark can publish venue statuses
    /// itself (`bourse bench aggregate --inject`).
    public func run(statuses: [LatestValue<FeedStatus>], feed: @escaping @Sendable () async -> Void) async {
        var book: ConsolidatedBook
        do {
            // Every read of the book goes at most `max(levels, snapshotDepth)` deep, so each venue's deeper levels
            // are not merged at all: a venue's book of thousands of levels costs what its top does.
            book = try ConsolidatedBook(symbol: symbol.description, scales: Self.scales, depthPerVenue: max(levels, Self.snapshotDepth))
        } catch {
            logger.error("\(symbol): \(error)")
            return
        }
        var ids: [VenueID] = []
        for channel in statuses {
            let status = channel.current.value
            do {
                let scales = try BookScales(price: status.scales.price, size: status.scales.size)
                ids.append(try book.addVenue(VenueConfig(name: status.venue, scales: scales, takerFeeBasisPoints: fees[status.venue] ?? 0)))
            } catch {
                logger.error("\(status.venue): \(error)")
                return
            }
        }
        // The merge runs on each connector's own task, right after the connector published its status (an
        // observer of the status channel): no task switch between a frame and its summary. One lock keeps the
        // book single-writer; summaries are published inside it, so they leave in sequence order.
        let merge = MergeState(book: book, venues: statuses.count)
        let frozenIDs = ids
        var tokens: [UInt64] = []
        for (index, channel) in statuses.enumerated() {
            tokens.append(channel.observe { status, _ in self.merge(index, status, into: merge, ids: frozenIDs) })
            self.merge(index, channel.current.value, into: merge, ids: frozenIDs)
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await feed()
            }
            // The trading snapshot is built at most every `snapshotPeriod` (it costs more than a summary),
            // and at once when a venue joins or leaves (no phantom liquidity for the router). The periodic one is
            // built from a copy of the book taken under the lock and outside it: building it under the lock
            // held the next frame's merge (and the connector that published it) for as long as it took. It runs
            // on Swift's shared threads, not the aggregator's pipeline thread, where it would hold up every frame.
            let period = snapshotPeriod
            group.addTask(executorPreference: globalConcurrentExecutor) {
                while !Task.isCancelled {
                    try? await Task.sleep(for: period)
                    let taken = merge.state.withLock { state -> (ConsolidatedBook, [FeedStatus?], UInt64)? in
                        guard state.snapshotDirty else { return nil }
                        state.snapshotDirty = false
                        return (state.book, state.latest, state.sequence)
                    }
                    guard let (book, latest, sequence) = taken else { continue }
                    merge.publish(
                        Self.snapshot(book, latest: latest, ids: frozenIDs, fees: self.fees, sequence: sequence), to: self.snapshots)
                }
            }
            // The feed ends (connectors end only when cancelled): stop the snapshot ticker with it.
            await group.next()
            group.cancelAll()
        }
        for (channel, token) in zip(statuses, tokens) { channel.stopObserving(token) }
        summaries.finish()
        snapshots.finish()
    }

    /// What the merge owns: the consolidated book and the latest status of each venue.
    final class MergeState: Sendable {
        struct State {
            var book: ConsolidatedBook
            var latest: [FeedStatus?]
            var sequence: UInt64 = 0
            var snapshotDirty = false
            var liveSet: [Bool]
        }

        let state: Mutex<State>
        /// The sequence number of the newest snapshot published: a periodic snapshot built outside ``state``'s lock
        /// must not replace a newer one the merge published meanwhile.
        let publishedSnapshot = Mutex<UInt64>(0)

        init(book: ConsolidatedBook, venues: Int) {
            state = Mutex(State(book: book, latest: Array(repeating: nil, count: venues), liveSet: Array(repeating: false, count: venues)))
        }

        /// Publishes `snapshot` unless a newer one was published already.
        func publish(_ snapshot: MarketSnapshot, to channel: LatestValue<MarketSnapshot>) {
            publishedSnapshot.withLock { newest in
                guard snapshot.sequence >= newest else { return }
                newest = snapshot.sequence
                channel.publish(snapshot)
            }
        }
    }

    /// Folds one venue's new status into the book and publishes the new summary (and the trading snapshot when
    /// the venue joined or left the book). Called on the venue connector's task.
    func merge(_ index: Int, _ status: FeedStatus, into merge: MergeState, ids: [VenueID]) {
        merge.state.withLock { state in
            // A publication that carries a newer frame than the venue's last one was caused by that frame.
            let frame = status.counters.lastReceiveTime
            let causedByFrame = frame > 0 && frame != (state.latest[index]?.counters.lastReceiveTime ?? 0)
            state.latest[index] = status
            let health = VenueHealth(isLive: status.state == .live, exchangeTime: status.counters.lastExchangeTime)
            do {
                try state.book.update(ids[index], health: health, book: status.book)
            } catch {
                logger.warning("\(status.venue): \(error)")
            }
            state.sequence += 1
            let summary = Self.summary(state.book, latest: state.latest, ids: ids, levels: levels, sequence: state.sequence)
            if causedByFrame {
                latency.recordSummary(sequence: summary.sequence, frame: frame, builtAt: summary.timestamp)
            }
            summaries.publish(summary)
            let live = state.book.status(of: ids[index])?.isIncluded ?? false
            if live != state.liveSet[index] {
                state.liveSet[index] = live
                merge.publish(Self.snapshot(state.book, latest: state.latest, ids: ids, fees: fees, sequence: state.sequence), to: snapshots)
                state.snapshotDirty = false
            } else {
                state.snapshotDirty = true
            }
        }
    }

    /// The trading view of the book: ``snapshotDepth`` levels a side, venue health and the time of each venue's last update.
    static func snapshot(_ book: ConsolidatedBook, latest: [FeedStatus?], ids: [VenueID], fees: [String: Int], sequence: UInt64)
        -> MarketSnapshot
    {
        var venues: [MarketSnapshot.Venue] = []
        for (index, id) in ids.enumerated() {
            guard let status = book.status(of: id) else { continue }
            let feed = latest[index]
            venues.append(
                MarketSnapshot.Venue(
                    name: status.config.name, isLive: feed?.state == .live && status.isIncluded,
                    updatedAt: feed?.counters.lastReceiveTime ?? 0, takerFeeBasisPoints: fees[status.config.name] ?? 0))
        }
        return MarketSnapshot(book: book, depth: snapshotDepth, venues: venues, sequence: sequence, time: WallClock.nanoseconds())
    }

    /// Builds the published view of the book.
    static func summary(
        _ book: ConsolidatedBook, latest: [FeedStatus?], ids: [VenueID], levels: Int, sequence: UInt64
    ) -> AggregatedSummary {
        let scales = book.scales
        func exact(_ value: Int64, _ scale: Int) -> ExactDecimal { ExactDecimal(significand: Int128(value), scale: scale) }
        func row(_ r: ConsolidatedRow) -> AggregatedSummary.Row {
            AggregatedSummary.Row(exchange: r.venueName, price: exact(r.price.rawValue, scales.price), amount: exact(r.quantity.rawValue, scales.size))
        }
        var venues: [AggregatedSummary.Venue] = []
        venues.reserveCapacity(ids.count)
        for (index, id) in ids.enumerated() {
            guard let status = book.status(of: id) else { continue }
            // The fields, not the whole status: copying a status retains its book.
            let state = latest[index]?.state ?? .connecting
            let counters = latest[index]?.counters ?? FeedCounters()
            venues.append(
                AggregatedSummary.Venue(
                    exchange: status.config.name, state: state.rawValue, included: status.isIncluded,
                    exchangeTime: counters.lastExchangeTime, receiveTime: counters.lastReceiveTime,
                    messages: counters.messages, gaps: counters.gaps, resyncs: counters.resyncs,
                    lastError: status.lastError.map { "\($0)" }))
        }
        let crosses = book.crosses().map {
            AggregatedSummary.Cross(
                buyExchange: $0.buyVenueName, askPrice: exact($0.askPrice.rawValue, scales.price),
                sellExchange: $0.sellVenueName, bidPrice: exact($0.bidPrice.rawValue, scales.price),
                quantity: exact($0.quantity.rawValue, scales.size), grossEdge: exact($0.grossEdge, scales.price),
                netEdge: $0.netEdge)
        }
        return AggregatedSummary(
            symbol: book.symbol, spread: book.spread.map { exact($0, scales.price) },
            bids: book.rows(.buy, levels).map(row), asks: book.rows(.sell, levels).map(row), venues: venues,
            crosses: crosses, timestamp: WallClock.nanoseconds(), sequence: sequence)
    }
}
