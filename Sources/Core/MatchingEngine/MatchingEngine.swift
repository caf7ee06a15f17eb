import BourseCore

/// One instrument's price-time (FIFO) matching engine.
///
/// Single writer: one task owns an engine and calls ``process(_:now:)``; nothing inside takes a lock. The
/// engine is deterministic: the same commands with the same `now` values always produce the same events,
/// which the journal and recovery rely on. Semantics: `docs/engine-semantics.md`.
///
/// Not `Sendable`: hand the engine to the one task that owns it, and send commands to that task.
public final class MatchingEngine {
    // The state lives behind a pointer the engine owns: one writer, so the dynamic exclusivity checks a class
    // property would cost on every access are not needed.
    let state: UnsafeMutablePointer<EngineCore>

    /// Creates an empty book for an instrument.
    public init(configuration: EngineConfiguration) {
        state = .allocate(capacity: 1)
        state.initialize(to: EngineCore(configuration: configuration))
    }

    deinit {
        state.pointee.deallocate()
        state.deinitialize(count: 1)
        state.deallocate()
    }

    var core: EngineCore { unsafeAddress { UnsafePointer(state) } }

    /// The grid and limits this engine enforces.
    public var configuration: EngineConfiguration { core.configuration }

    /// Applies one command at time `now` (any monotonic unit the caller chooses; GTD times use the same unit).
    /// Its events are then in ``events`` until the next call. Invalid commands produce a `rejected` event and
    /// change nothing; the engine never throws.
    ///
    /// The command is taken `consuming` so the engine, which knows which case it holds, ends its lifetime: the
    /// caller then pays no generic destroy of the enum (its rare cases are boxed) after every call.
    public func process(_ command: consuming EngineCommand, now: Int64) {
        state.pointee.process(command, now: now)
    }

    /// The events of the last processed command, in order.
    public var events: EventBuffer { state.pointee.events.view }

    /// Price of the last trade, if any.
    public var lastTradePrice: Price? { core.hasLastPrice ? Price(core.lastPrice) : nil }

    /// Sequence number of the last event emitted.
    public var sequence: UInt64 { core.sequence }

    /// Number of orders resting in the book (not counting armed stops).
    public var restingOrderCount: Int { core.pool.used }

    /// Whether `id` is resting in the book.
    public func isResting(_ id: OrderID) -> Bool {
        guard let value = core.locate(id.rawValue) else { return false }
        return value >= 0
    }

    /// Whether `id` is a live order: resting, or armed and waiting for its trigger.
    public func isLive(_ id: OrderID) -> Bool {
        guard let value = core.locate(id.rawValue) else { return false }
        return value != IndexTag.reserved
    }

    /// The stored terms of a bracket whose legs are not activated yet (with the entry price of its last
    /// ``EngineCommand/amendBracket(_:)``), or `nil`.
    public func pendingBracket(_ entry: OrderID) -> BracketRequest? { core.brackets[entry.rawValue]?.request }

    /// Best bid price, if any.
    public var bestBid: Price? { core.ladder.bestBid < 0 ? nil : Price(core.ladder.price(at: core.ladder.bestBid)) }

    /// Best ask price, if any.
    public var bestAsk: Price? { core.ladder.bestAsk < 0 ? nil : Price(core.ladder.price(at: core.ladder.bestAsk)) }

    /// The book side as (price, visible quantity), best first.
    public func levels(_ side: Side) -> [(price: Price, quantity: Quantity)] {
        var result: [(price: Price, quantity: Quantity)] = []
        let ladder = core.ladder
        var i = side == .buy ? ladder.bestBid : ladder.bestAsk
        while i >= 0 {
            result.append((Price(ladder.price(at: i)), Quantity(ladder.levels[i].total)))
            i = side == .buy ? ladder.occupied(below: i) : ladder.occupied(above: i)
        }
        return result
    }
}

// MARK: Lookahead

extension MatchingEngine {
    /// Starts loading what a cancel or an amend of order `id` reads first — the order's node (its home slot) and
    /// its id-index entry — without waiting for it and without changing anything.
    ///
    /// For a caller that holds the commands to come (a queue, a batch, a journal being replayed): hinting the order
    /// of a cancel or amend a few commands ahead of the one being processed lets their memory reads overlap. On a
    /// book of half a million resting orders, the order a cancel names is a cache miss; hinted early enough it is
    /// in cache when the cancel runs. Pair it with ``prefetchNeighbours(order:)`` closer to the command's turn.
    /// A hint for an id that does not rest costs a wasted load and nothing else; on a book small enough to stay in
    /// the caches (under 32,768 resting orders) hints do nothing.
    @inline(__always)
    public func prefetch(order id: OrderID) {
        state.pointee.prefetchOrder(id.rawValue)
    }

    /// Whether hints are worth their cost now: the book holds enough resting orders (32,768 or more) to spill out
    /// of the caches. A caller can skip looking ahead while this is `false`; the hints themselves do nothing then.
    @inline(__always)
    public var wantsLookahead: Bool { core.wantsLookahead }

    /// Second stage of the lookahead: if order `id` rests in its home slot, starts loading its queue neighbours
    /// (a cancel relinks them). Reads the order's node, so call it once ``prefetch(order:)`` has had time to bring
    /// that in.
    @inline(__always)
    public func prefetchNeighbours(order id: OrderID) {
        state.pointee.prefetchNeighbours(id.rawValue)
    }
}
