import BourseCore
import OrderBook

/// Which of Binance's documented book-keeping procedures to follow.
public enum BinanceBookRules: Hashable, Sendable {
    /// Spot: drop diffs with `u <= lastUpdateId`; the first applied diff has `U <= lastUpdateId+1 <= u`;
    /// afterwards `U > local+1` is a gap.
    case spot
    /// USD-M futures: drop diffs with `u < lastUpdateId`; the first applied diff has
    /// `U <= lastUpdateId <= u`; afterwards each diff's `pu` must equal the previous diff's `u`.
    case usdMFutures
}

/// Keeps one symbol's L2 book in step with Binance's diff-depth stream and REST snapshots.
///
/// A pure state machine (no I/O): feed it every diff from the moment the stream is connected and every
/// snapshot the caller fetched; it answers with what the caller must do next. Diffs that arrive before a
/// usable snapshot are buffered; a snapshot older than the first buffered diff asks for a refetch; a gap
/// discards the book, keeps buffering from the diff that revealed it and asks for a new snapshot.
/// Quantities are absolute and a zero size deletes the level (deleting an unknown level is normal).
public struct BinanceBookSync: Sendable {
    /// Where the synchroniser is.
    public enum State: Hashable, Sendable {
        /// Buffering diffs until a usable snapshot arrives.
        case awaitingSnapshot
        /// Snapshot loaded; waiting for the diff that bridges it.
        case awaitingFirstDiff
        /// The book is current.
        case synced
    }

    /// What the caller has to do after handing over a message.
    public enum Action: Hashable, Sendable {
        /// Nothing.
        case none
        /// Fetch a REST snapshot and pass it to ``handle(_:)-(BinanceDepthSnapshot)``.
        case fetchSnapshot
    }

    /// The rules followed.
    public let rules: BinanceBookRules
    /// The book (empty unless ``state`` is ``State/synced`` or ``State/awaitingFirstDiff``).
    public private(set) var book = L2Book()
    /// Counters since creation.
    public private(set) var counters = BookSyncCounters()
    /// The current state.
    public private(set) var state = State.awaitingSnapshot

    private var buffer: [BinanceDepthUpdate] = []
    private var snapshotRequested = false

    public init(rules: BinanceBookRules = .spot) {
        self.rules = rules
    }

    /// Number of diffs waiting for a snapshot.
    public var bufferedCount: Int { buffer.count }

    /// Starts over after a reconnect: discards the book and the buffer.
    public mutating func reset() {
        book.removeAll()
        buffer.removeAll()
        state = .awaitingSnapshot
        snapshotRequested = false
    }

    /// Handles one diff event of this symbol.
    public mutating func handle(_ update: BinanceDepthUpdate) -> Action {
        counters.messages += 1
        guard state != .awaitingSnapshot else { return bufferAndRequest(update) }
        return process(update)
    }

    /// Handles a REST snapshot of this symbol (a snapshot arriving while synced is ignored and counted).
    public mutating func handle(_ snapshot: BinanceDepthSnapshot) -> Action {
        counters.messages += 1
        guard state != .synced else {
            counters.ignoredSnapshots += 1
            return .none
        }
        if let first = buffer.first, snapshot.lastUpdateId < first.firstUpdateId {
            counters.refetches += 1
            snapshotRequested = true
            return .fetchSnapshot
        }
        book.removeAll()
        for level in snapshot.bids { book.set(.buy, price: level.price, quantity: level.quantity) }
        for level in snapshot.asks { book.set(.sell, price: level.price, quantity: level.quantity) }
        counters.snapshots += 1
        counters.lastUpdateId = snapshot.lastUpdateId
        state = .awaitingFirstDiff
        snapshotRequested = false
        let pending = buffer
        buffer.removeAll()
        var action = Action.none
        for update in pending {
            if state == .awaitingSnapshot {
                buffer.append(update)
            } else {
                action = process(update)
            }
        }
        return state == .awaitingSnapshot ? .fetchSnapshot : action
    }

    private mutating func bufferAndRequest(_ update: BinanceDepthUpdate) -> Action {
        buffer.append(update)
        guard !snapshotRequested else { return .none }
        snapshotRequested = true
        return .fetchSnapshot
    }

    private mutating func process(_ update: BinanceDepthUpdate) -> Action {
        let local = counters.lastUpdateId
        switch (rules, state) {
        case (.spot, _):
            if update.finalUpdateId <= local { return drop() }
            if update.firstUpdateId > local + 1 { return gap(update) }
        case (.usdMFutures, .awaitingFirstDiff):
            if update.finalUpdateId < local { return drop() }
            if update.firstUpdateId > local { return gap(update) }
        case (.usdMFutures, _):
            if update.finalUpdateId <= local { return drop() }
            if update.previousFinalUpdateId != local { return gap(update) }
        }
        for level in update.bids { book.set(.buy, price: level.price, quantity: level.quantity) }
        for level in update.asks { book.set(.sell, price: level.price, quantity: level.quantity) }
        counters.lastUpdateId = update.finalUpdateId
        counters.applied += 1
        state = .synced
        if book.isCrossed { counters.crossed += 1 }
        return .none
    }

    private mutating func drop() -> Action {
        counters.dropped += 1
        return .none
    }

    private mutating func gap(_ update: BinanceDepthUpdate) -> Action {
        counters.gaps += 1
        counters.resyncs += 1
        book.removeAll()
        state = .awaitingSnapshot
        snapshotRequested = true
        buffer = [update]
        return .fetchSnapshot
    }
}
