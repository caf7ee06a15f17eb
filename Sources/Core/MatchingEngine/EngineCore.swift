import CPrefetch
import BourseCore

/// All mutable state of one engine, as one value mutated in place by ``MatchingEngine``.
///
/// Hot-path storage (orders, levels, the id index) lives in buffers this struct manages by hand: no
/// copy-on-write checks, no reference counting and no allocation per order once warmed up. Rare features
/// (triggers, brackets, GTD expiry) use ordinary collections that the matching loop never touches.
struct EngineCore {
    let configuration: EngineConfiguration
    var pool: OrderPool
    var index: OrderIndex
    var ladder: PriceLadder
    var events: EventStorage
    var acceptances: UInt64 = 0
    var arms: UInt64 = 0
    var clock: Int64 = .min
    var lastPrice: Int64 = 0
    var hasLastPrice = false
    var armed: [ArmedOrder] = []
    var brackets: [UInt64: BracketLegs] = [:]
    var activations: [(entry: UInt64, filled: Int64)] = []
    var expiries: [ExpiryEntry] = []

    init(configuration: EngineConfiguration) {
        self.configuration = configuration
        pool = OrderPool(capacity: configuration.expectedOrders)
        index = OrderIndex(capacity: configuration.expectedOrders)
        ladder = PriceLadder(tick: configuration.tickSize)
        events = EventStorage(capacity: 1024)
    }

    func deallocate() {
        pool.deallocate()
        index.deallocate()
        ladder.deallocate()
        events.deallocate()
    }

    // MARK: Events

    /// Sequence number of the last event emitted.
    var sequence: UInt64 { events.lastSequence }

    @inline(__always)
    mutating func emit(_ event: EngineEvent) {
        events.append(event)
    }

    @inline(__always)
    mutating func emitLevel(_ side: Side, _ levelIndex: Int) {
        emit(
            .level(
                side, price: Price(ladder.price(at: levelIndex)),
                quantity: Quantity(ladder.levels[levelIndex].total)))
    }

    // MARK: Commands

    @inline(__always)  // into ``MatchingEngine/process(_:now:)``, its only caller: one call less per command
    mutating func process(_ command: consuming EngineCommand, now: Int64) {
        events.removeAll()
        if now > clock { clock = now }
        if !expiries.isEmpty && expiries[0].expiresAt <= clock { expireDue() }
        switch consume command {
        case .submit(let request):
            submit(request)
        case .cancel(let id, let account):
            cancel(id.rawValue, account: account.rawValue)
        case .amend(let id, let account, let price, let quantity):
            amend(id.rawValue, account: account.rawValue, price: price, quantity: quantity)
        case .cancelAll(let account):
            cancelAll(account.rawValue)
        case .oco(let first, let second):
            submitOCO(first, second)
        case .bracket(let request):
            submitBracket(request)
        case .amendBracket(let change):
            amendBracket(change)
        case .amendTrigger(let id, let account, let trigger, let price):
            amendTrigger(id.rawValue, account: account.rawValue, trigger: trigger, price: price)
        case .advanceClock:
            break
        }
        if !activations.isEmpty { drainActivations() }
        if !armed.isEmpty && hasLastPrice { runTriggers() }
    }

    // MARK: Submit

    @inline(__always)
    func isTaken(_ id: UInt64) -> Bool { locate(id) != nil }

    /// The slot of `id` if it rests, else its ``IndexTag`` (armed, reserved), else `nil`. An order resting in its
    /// home slot (``OrderPool``) is found by reading its node, the read the caller needs next anyway; any other id
    /// goes through the index. Both give the same answer: the index holds every id.
    @inline(__always)
    func locate(_ id: UInt64) -> Int32? {
        let home = pool.home(of: id)
        if pool.holdsAtHome(id, home) { return Int32(home) }
        return index.find(id)
    }

    /// Whether a post-only order at `price` on `side` would take liquidity.
    @inline(__always)
    func wouldTake(side: Side, price: Int64) -> Bool {
        if side == .buy {
            return ladder.bestAsk >= 0 && price >= ladder.price(at: ladder.bestAsk)
        } else {
            return ladder.bestBid >= 0 && price <= ladder.price(at: ladder.bestBid)
        }
    }

    mutating func submit(_ request: OrderRequest) {
        let id = request.id.rawValue
        let plain = configuration.isValidPlainLimit(request)
        if !plain, let reason = configuration.staticRejectReason(for: request, now: clock) {
            emit(.rejected(request.id, reason))
            return
        }
        if isTaken(id) {
            emit(.rejected(request.id, .duplicateOrderID))
            return
        }
        if plain {
            // Valid, no trigger, no expiry, not post-only: accept and execute without the general decoding.
            emit(
                .accepted(
                    request.id, account: request.account, side: request.side, price: request.price,
                    quantity: request.quantity))
            acceptances &+= 1
            if !wouldTake(side: request.side, price: request.price.rawValue) {
                // Nothing to trade: what `execute` would end with, without setting it up.
                switch request.timeInForce {
                case .gtc:
                    rest(
                        OrderNode(
                            id: id, price: request.price.rawValue, visible: request.quantity.rawValue, hidden: 0,
                            display: 0, filled: 0, prev: -1, next: -1, account: request.account.rawValue,
                            side: request.side, stp: request.selfTradePrevention, flags: OrderNode.inUse),
                        OrderExtra(acceptance: acceptances, expiresAt: .max, ocoPartner: 0))
                case .fok:
                    emit(.cancelled(request.id, .fillOrKill, remaining: request.quantity))
                default:
                    emit(.cancelled(request.id, .immediateOrCancel, remaining: request.quantity))
                }
                return
            }
            var incoming = Incoming(
                id: id, account: request.account.rawValue, side: request.side, limit: request.price.rawValue,
                quantity: request.quantity.rawValue, acceptance: acceptances, canRest: request.timeInForce == .gtc,
                isFOK: request.timeInForce == .fok, stp: request.selfTradePrevention)
            execute(&incoming)
            return
        }
        if request.postOnly && wouldTake(side: request.side, price: request.price.rawValue) {
            emit(.rejected(request.id, .postOnlyWouldTake))
            return
        }
        let acceptance = accept(request)
        if request.trigger != nil {
            arm(request, acceptance: acceptance, ocoPartner: nil)
        } else {
            var incoming = Incoming(request, acceptance: acceptance)
            execute(&incoming)
        }
    }

    /// Emits `accepted` and returns the order's acceptance number.
    mutating func accept(_ request: OrderRequest) -> UInt64 {
        emit(
            .accepted(
                request.id, account: request.account, side: request.side, price: request.price,
                quantity: request.quantity))
        acceptances &+= 1
        if let expiresAt = request.expiresAt {
            pushExpiry(ExpiryEntry(expiresAt: expiresAt, acceptance: acceptances, id: request.id.rawValue))
        }
        return acceptances
    }
}

// MARK: Lookahead (hints only: nothing here changes state)

extension EngineCore {
    /// Below this many resting orders (2 MiB of nodes) the book stays in the caches and hints only cost time.
    static let lookaheadMinimumResting = 1 << 15

    /// Whether hints are worth their cost: the book is deep enough to spill out of the caches.
    @inline(__always)
    var wantsLookahead: Bool { pool.used >= Self.lookaheadMinimumResting }

    // `mutating` although they change nothing: called through the engine's pointer, a non-mutating method could
    // be handed a copy of the whole struct (retaining its arrays), which cost more than the hint saves.
    @inline(__always)
    mutating func prefetchOrder(_ id: UInt64) {
        guard wantsLookahead else { return }
        let home = pool.home(of: id)
        assert(home < pool.capacity, "a home slot is inside the pool")
        bourse_prefetch_write(pool.nodes + home)
        if index.inWindow(id) { bourse_prefetch_write(index.ring + Int(id & index.ringMask)) }
    }

    @inline(__always)
    mutating func prefetchNeighbours(_ id: UInt64) {
        let home = pool.home(of: id)
        guard wantsLookahead, pool.holdsAtHome(id, home) else { return }
        let node = pool.nodes[home]
        assert(Int(node.prev) < pool.capacity && Int(node.next) < pool.capacity, "links point into the pool")
        if node.prev >= 0 { bourse_prefetch_write(pool.nodes + Int(node.prev)) }
        if node.next >= 0 { bourse_prefetch_write(pool.nodes + Int(node.next)) }
    }
}
