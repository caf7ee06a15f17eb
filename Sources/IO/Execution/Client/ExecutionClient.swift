import BourseCore
import Feeds

/// The fail-safe execution client: submits, tracks, retries and reconciles orders on several venues without
/// ever creating an order twice.
///
/// - Idempotency: an order's client order id is made once (``makeIntent(venue:symbol:side:price:quantity:timeInForce:priceScale:sizeScale:)``)
///   and every retry reuses it; venues refuse a second order with the same id.
/// - Write-ahead: the intent is journaled (and flushed) before the first send; reports are journaled as they
///   arrive. After a crash ``reconcile()`` asks the venues about every unfinished intent before anything else.
/// - A timeout or "status unknown" is answered by asking for the order's status, never by a blind resend; only
///   when the venue says it does not know the order is it sent again (same id).
/// - Jittered exponential backoff between attempts, a ``CircuitBreaker`` per venue, and a kill switch
///   (``halt()``) that refuses new orders and cancels every open one.
/// - Fills are derived from cumulative reports (``ExecutionFill``), so a report read twice counts once.
public actor ExecutionClient {
    /// Limits and timing.
    public struct Configuration: Sendable {
        /// The longest one request may take before its outcome counts as unknown.
        public var requestTimeout: Duration = .seconds(2)
        /// Attempts per order (sends and status queries together) before giving up for now.
        public var maximumAttempts = 8
        public var backoffBase: Duration = .milliseconds(50)
        public var backoffMaximum: Duration = .seconds(2)
        public var breakerThreshold = 5
        public var breakerCooldown: Duration = .seconds(5)
        /// Prefix of client order ids (ids are `<prefix><sequence>`; one prefix per client instance).
        public var idPrefix = "bx"
        /// Finished orders kept in memory (at least this many, the most recently finished); older ones are dropped
        /// so that a client running for weeks does not grow without bound. Open orders are always kept. An id of
        /// this client's prefix that was dropped is still refused as a duplicate (see ``execute(_:)``), and so is
        /// an intent made before it but executed only after it was dropped: make intents right before executing
        /// them (the desk and the router do).
        public var retainedFinishedOrders = 100_000
        /// Fills kept in memory for ``fills(after:)`` (at least this many, the newest); ``fillCount`` keeps counting.
        public var retainedFills = 100_000
        /// Latency samples kept in ``latencies`` (at least this many, the newest).
        public var retainedLatencies = 100_000
        public init() {}
    }

    /// Counters for summaries and tests.
    public struct Counters: Sendable, Codable, Hashable {
        public var intents = 0
        public var sends = 0
        public var statusQueries = 0
        public var unknownOutcomes = 0
        public var duplicatesRefused = 0
        public var rejected = 0
        public var resends = 0
        public var circuitOpenRefusals = 0
        public var cancels = 0
    }

    /// An order the client follows.
    public struct Tracked: Sendable {
        public var intent: OrderIntent
        public var report: OrderReport?
        /// Cumulative size and notional already turned into fills.
        public var appliedFilled: Int64 = 0
        public var appliedNotional: Int64 = 0
        public var abandoned = false

        public var isFinished: Bool { abandoned || (report?.state.isTerminal ?? false) }
    }

    let configuration: Configuration
    let venues: [String: any OrderEntry]
    let journal: ExecutionJournal?
    var breakers: [String: CircuitBreaker] = [:]
    var backoff: Backoff
    var sequence = 0
    /// The largest sequence number among this client's own ids dropped from ``orders`` (0: none).
    var droppedUpTo = 0
    /// Open orders and the most recently finished ones (``Configuration/retainedFinishedOrders``).
    public internal(set) var orders: [String: Tracked] = [:]
    /// Ids of finished orders in the order they finished, from ``finishedHead`` on (the ones before it are dropped).
    var finished: [String] = []
    var finishedHead = 0
    /// The newest fills (at least ``Configuration/retainedFills``); fill number `droppedFills + i` is `fills[i]`.
    public internal(set) var fills: [ExecutionFill] = []
    /// Fills dropped from the front of ``fills``.
    public internal(set) var droppedFills = 0
    public internal(set) var counters = Counters()
    /// How long each answered ``execute(_:)`` took, in nanoseconds (for latency figures): the newest
    /// ``Configuration/retainedLatencies`` or more.
    public internal(set) var latencies: [Int64] = []
    /// Whether the kill switch is on.
    public internal(set) var halted = false
    private var fillListeners: [@Sendable (ExecutionFill) -> Void] = []

    /// - Parameters:
    ///   - venues: order entry per venue name.
    ///   - journal: the write-ahead journal (`nil`: nothing survives a crash; tests only).
    public init(venues: [any OrderEntry], journal: ExecutionJournal?, configuration: Configuration = .init(), seed: UInt64 = 7) {
        var byName: [String: any OrderEntry] = [:]
        for venue in venues { byName[venue.venue] = venue }
        self.venues = byName
        self.journal = journal
        self.configuration = configuration
        backoff = Backoff(base: configuration.backoffBase, maximum: configuration.backoffMaximum, seed: seed)
        for name in byName.keys {
            breakers[name] = CircuitBreaker(threshold: configuration.breakerThreshold, cooldown: configuration.breakerCooldown)
        }
    }

    /// Calls `listener` with every new fill (in the client's order).
    public func onFill(_ listener: @escaping @Sendable (ExecutionFill) -> Void) { fillListeners.append(listener) }

    /// A new intent with a fresh client order id.
    public func makeIntent(
        venue: String, symbol: String, side: Side, price: Price, quantity: Quantity, timeInForce: ExecutionTimeInForce,
        priceScale: Int, sizeScale: Int
    ) -> OrderIntent {
        sequence += 1
        return OrderIntent(
            clientOrderID: "\(configuration.idPrefix)\(sequence)", venue: venue, symbol: symbol, side: side, price: price,
            quantity: quantity, timeInForce: timeInForce, priceScale: priceScale, sizeScale: sizeScale)
    }

    /// Every fill learned so far, including the ones no longer kept in ``fills``.
    public var fillCount: Int { droppedFills + fills.count }

    /// The fills after a reader's cursor (the number of fills it has seen, 0 at first) and its next cursor.
    /// `missed` counts fills dropped before the reader asked (it read too rarely for ``Configuration/retainedFills``).
    public func fills(after cursor: Int) -> (fills: [ExecutionFill], next: Int, missed: Int) {
        let start = max(cursor, droppedFills)
        let fresh = start - droppedFills < fills.count ? Array(fills[(start - droppedFills)...]) : []
        return (fresh, max(cursor, fillCount), max(0, droppedFills - cursor))
    }

    /// The price and size scales of a tracked order.
    public func scales(of clientOrderID: String) -> (price: Int, size: Int)? {
        orders[clientOrderID].map { ($0.intent.priceScale, $0.intent.sizeScale) }
    }

    /// The breaker state of a venue.
    public func breaker(_ venue: String) -> CircuitBreaker? { breakers[venue] }

    // MARK: Executing

    /// Journals `intent`, sends it and follows it until the venue's answer is known.
    /// - Returns: the venue's report (an IOC comes back `filled` or `expired`, a resting order `open`...).
    /// - Throws: ``OrderEntryError``: `halted`, `circuitOpen` (nothing sent), `rejected` (the venue refused it),
    ///   `unknownOutcome` when the attempts ran out without an answer (the order stays tracked; ``reconcile()``
    ///   settles it later).
    public func execute(_ intent: OrderIntent) async throws(OrderEntryError) -> OrderReport {
        guard !halted else { throw OrderEntryError(.halted, "kill switch on: \(intent.clientOrderID) not sent") }
        guard let entry = venues[intent.venue] else { throw OrderEntryError(.rejected, "no order entry for venue \(intent.venue)") }
        guard orders[intent.clientOrderID] == nil else {
            throw OrderEntryError(.duplicate, "\(intent.clientOrderID) was already executed by this client")
        }
        if let number = ownNumber(intent.clientOrderID), number <= droppedUpTo {
            // Dropped from memory after it finished: sending it again could count its fills twice.
            throw OrderEntryError(.duplicate, "\(intent.clientOrderID) was executed and finished long ago by this client")
        }
        guard allow(intent.venue) else {
            counters.circuitOpenRefusals += 1
            throw OrderEntryError(.circuitOpen, "\(intent.venue): circuit open, \(intent.clientOrderID) not sent")
        }
        do {
            try journal?.append(.intent(intent))
        } catch {
            throw OrderEntryError(.rejected, "journal write failed, \(intent.clientOrderID) not sent: \(error)")
        }
        counters.intents += 1
        orders[intent.clientOrderID] = Tracked(intent: intent)
        let started = ContinuousClock.now
        defer {
            let elapsed = (ContinuousClock.now - started).components
            latencies.append(elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000)
            Self.trim(&latencies, keeping: configuration.retainedLatencies)
        }
        var mustSend = true
        var lastError = OrderEntryError(.unknownOutcome, "\(intent.clientOrderID): no answer")
        for attempt in 0..<configuration.maximumAttempts {
            if attempt > 0 {
                if breakers[intent.venue]?.state == .open {
                    // The venue is failing: stop here. Unsent, nothing happened; unknown, reconcile settles it.
                    counters.circuitOpenRefusals += 1
                    if mustSend {
                        abandon(intent.clientOrderID)
                        throw OrderEntryError(.circuitOpen, "\(intent.venue): circuit opened, \(intent.clientOrderID) not sent (\(lastError))")
                    }
                    throw OrderEntryError(.unknownOutcome, "\(intent.venue): circuit opened while \(intent.clientOrderID) was unknown")
                }
                try? await Task.sleep(for: backoff.next())
            }
            if mustSend {
                do {
                    counters.sends += 1
                    if attempt > 0 { counters.resends += 1 }
                    let report = try await timed(.submit, entry, intent)
                    breakers[intent.venue]?.recordSuccess()
                    backoff.reset()
                    return accept(report)
                } catch {
                    lastError = error
                    switch error.code {
                    case .duplicate:
                        counters.duplicatesRefused += 1
                        mustSend = false
                    case .rejected:
                        breakers[intent.venue]?.recordSuccess()
                        counters.rejected += 1
                        _ = accept(OrderReport(clientOrderID: intent.clientOrderID, venueOrderID: nil, state: .rejected, filled: 0, filledNotional: 0))
                        throw error
                    case .unreachable:
                        breakers[intent.venue]?.recordFailure()
                    default:
                        counters.unknownOutcomes += 1
                        breakers[intent.venue]?.recordFailure()
                        mustSend = false
                    }
                }
            } else {
                // The outcome of a send is unknown: ask, do not resend.
                do {
                    counters.statusQueries += 1
                    let report = try await timed(.status, entry, intent)
                    breakers[intent.venue]?.recordSuccess()
                    backoff.reset()
                    return accept(report)
                } catch {
                    lastError = error
                    if error.code == .notFound {
                        // The venue never got it: sending again with the same id is safe (a late original is
                        // refused as a duplicate).
                        mustSend = true
                    } else {
                        breakers[intent.venue]?.recordFailure()
                    }
                }
            }
        }
        throw OrderEntryError(.unknownOutcome, "\(intent.clientOrderID): gave up for now (\(lastError)); reconcile will settle it")
    }

    /// Cancels a tracked order and records its final report.
    /// - Throws: ``OrderEntryError`` when the venue could not be asked.
    @discardableResult
    public func cancel(_ clientOrderID: String) async throws(OrderEntryError) -> OrderReport? {
        guard let tracked = orders[clientOrderID], let entry = venues[tracked.intent.venue] else { return nil }
        if tracked.isFinished { return tracked.report }
        counters.cancels += 1
        do {
            let report = try await timed(.cancel, entry, tracked.intent)
            return accept(report)
        } catch where error.code == .notFound {
            abandon(clientOrderID)
            return nil
        }
    }

    /// Asks the venue again about an order (a repeated answer changes nothing).
    @discardableResult
    public func refresh(_ clientOrderID: String) async throws(OrderEntryError) -> OrderReport? {
        guard let tracked = orders[clientOrderID], let entry = venues[tracked.intent.venue] else { return nil }
        counters.statusQueries += 1
        return accept(try await timed(.status, entry, tracked.intent))
    }

    /// Records a venue report and derives the fills it adds. Stale reports (less filled than known) are ignored.
    @discardableResult
    public func accept(_ report: OrderReport) -> OrderReport {
        record(report, journaling: true)
    }

    /// Applies a report to its tracked order: the fill it adds (cumulative size beyond what was applied), the
    /// new state; a stale report (less filled, or open after a final one) changes nothing. `journaling: false`
    /// when the report is being read back from the journal.
    @discardableResult
    func record(_ report: OrderReport, journaling: Bool) -> OrderReport {
        guard var tracked = orders[report.clientOrderID] else { return report }
        let wasFinished = tracked.isFinished
        if let known = tracked.report, known.filled > report.filled || (known.state.isTerminal && !report.state.isTerminal && known.filled == report.filled) {
            return known
        }
        let quantity = report.filled - tracked.appliedFilled
        let notional = report.filledNotional - tracked.appliedNotional
        tracked.report = report
        if quantity > 0 {
            tracked.appliedFilled = report.filled
            tracked.appliedNotional = report.filledNotional
            let fill = ExecutionFill(
                id: "\(report.clientOrderID)@\(report.filled)", venue: tracked.intent.venue, symbol: tracked.intent.symbol,
                clientOrderID: report.clientOrderID, side: tracked.intent.side, quantity: quantity, notional: notional,
                time: journaling ? WallClock.nanoseconds() : 0)
            fills.append(fill)
            droppedFills += Self.trim(&fills, keeping: configuration.retainedFills)
            notify(fill)
        }
        orders[report.clientOrderID] = tracked
        if journaling { try? journal?.append(.report(report)) }
        if !wasFinished && tracked.isFinished { didFinish(report.clientOrderID) }
        return report
    }

    /// Remembers that an order finished and drops the oldest finished orders beyond the retention.
    func didFinish(_ clientOrderID: String) {
        finished.append(clientOrderID)
        while finished.count - finishedHead > configuration.retainedFinishedOrders {
            let id = finished[finishedHead]
            finishedHead += 1
            if orders[id]?.isFinished == true {
                orders[id] = nil
                if let number = ownNumber(id) { droppedUpTo = max(droppedUpTo, number) }
            }
        }
        // Compact the queue now and then (amortised O(1) per order).
        if finishedHead > 1_024 && finishedHead * 2 > finished.count {
            finished.removeFirst(finishedHead)
            finishedHead = 0
        }
    }

    /// The sequence number of an id this client made (`<prefix><n>`), `nil` for any other id.
    func ownNumber(_ clientOrderID: String) -> Int? {
        guard clientOrderID.hasPrefix(configuration.idPrefix) else { return nil }
        return Int(clientOrderID.dropFirst(configuration.idPrefix.count))
    }

    /// Drops the oldest values once there are twice `keeping` (amortised O(1) per value).
    /// - Returns: how many were dropped.
    @discardableResult
    static func trim<Value>(_ values: inout [Value], keeping: Int) -> Int {
        guard values.count >= 2 * max(1, keeping) else { return 0 }
        let excess = values.count - keeping
        values.removeFirst(excess)
        return excess
    }

    func notify(_ fill: ExecutionFill) {
        for listener in fillListeners { listener(fill) }
    }

    func abandon(_ clientOrderID: String) {
        markAbandoned(clientOrderID)
        try? journal?.append(.abandoned(clientOrderID))
    }

    /// Marks a tracked order abandoned (and finished).
    func markAbandoned(_ clientOrderID: String) {
        guard let wasFinished = orders[clientOrderID]?.isFinished else { return }
        orders[clientOrderID]?.abandoned = true
        if !wasFinished { didFinish(clientOrderID) }
    }

    func allow(_ venue: String) -> Bool { breakers[venue]?.allow() ?? true }

    /// A venue call.
    enum Call: Sendable { case submit, status, cancel }

    /// Runs one venue call under ``Configuration/requestTimeout``; running out of time is an unknown outcome.
    func timed(_ call: Call, _ entry: any OrderEntry, _ intent: OrderIntent) async throws(OrderEntryError) -> OrderReport {
        let timeout = configuration.requestTimeout
        let result: Result<OrderReport, OrderEntryError> = await withTaskGroup(of: Result<OrderReport, OrderEntryError>?.self) { group in
            group.addTask {
                do throws(OrderEntryError) {
                    switch call {
                    case .submit: return .success(try await entry.submit(intent))
                    case .status: return .success(try await entry.status(intent))
                    case .cancel: return .success(try await entry.cancel(intent))
                    }
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return Task.isCancelled ? nil : .failure(OrderEntryError(.unknownOutcome, "no answer within \(timeout)"))
            }
            defer { group.cancelAll() }
            while let next = await group.next() {
                if let next { return next }
            }
            return .failure(OrderEntryError(.unknownOutcome, "cancelled"))
        }
        return try result.get()
    }
}
