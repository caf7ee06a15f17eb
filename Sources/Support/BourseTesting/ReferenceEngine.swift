import BourseCore
import MatchingEngine

/// The obviously-correct, slow model of ``MatchingEngine``, written straight from `docs/engine-semantics.md`.
///
/// Everything is a flat array searched linearly: the book is one array of resting orders (the best order is
/// found by scanning for the best price, then the smallest time-priority counter), armed orders are another
/// array, expiry scans everything. The differential tests require the fast engine to produce exactly the same
/// events as this model for every command.
///
/// Arithmetic is plain `Int64`: an overflow traps, which is what a test model should do.
public final class ReferenceEngine {
    /// The grid and limits enforced.
    public let configuration: EngineConfiguration
    /// Price of the most recent trade, `nil` before the first one.
    public internal(set) var lastTradePrice: Price?

    /// The engine's clock: the largest `now` seen.
    var clock = Int64.min
    var sequence: UInt64 = 0
    /// Events of the command being processed.
    var output: [SequencedEvent] = []
    /// Every resting order, both sides, in no particular order.
    var book: [ReferenceOrder] = []
    /// Every order waiting for its trigger, in no particular order.
    var armed: [ReferenceOrder] = []
    var acceptanceCounter = 0
    var armCounter = 0
    var priorityCounter = 0
    /// Both directions of every live OCO pair.
    var ocoPartner: [OrderID: OrderID] = [:]
    /// Brackets by entry id, while the entry is live or its activation is queued.
    var brackets: [OrderID: BracketRequest] = [:]
    /// Leg ids of brackets whose legs are not activated yet.
    var reservedIDs: Set<OrderID> = []
    /// Bracket activations waiting to run, FIFO.
    var activationQueue: [PendingActivation] = []

    /// Creates an empty book with no last price and a clock before any time.
    public init(configuration: EngineConfiguration) {
        self.configuration = configuration
    }

    /// Applies one command at time `now` and returns its events. Invalid commands produce `rejected` events;
    /// nothing throws.
    /// - Parameters:
    ///   - command: the command.
    ///   - now: the caller's clock; the engine's clock never goes back (`max(clock, now)`).
    @discardableResult
    public func process(_ command: EngineCommand, now: Int64) -> [SequencedEvent] {
        output = []
        clock = max(clock, now)
        expireOrders()
        switch command {
        case .submit(let request): submit(request)
        case .cancel(let id, let account): cancel(id, account: account)
        case .amend(let id, let account, let price, let quantity):
            amend(id, account: account, price: price, quantity: quantity)
        case .cancelAll(let account): cancelAll(account)
        case .oco(let first, let second): submitOCO(first, second)
        case .bracket(let bracket): submitBracket(bracket)
        case .amendBracket(let change): amendBracket(change)
        case .amendTrigger(let id, let account, let trigger, let price):
            amendTrigger(id, account: account, trigger: trigger, price: price)
        case .advanceClock: break
        }
        drainActivations()
        runTriggerLoop()
        return output
    }

    /// Visible size per price level of one side, best first; only levels with orders.
    public func levels(_ side: Side) -> [(price: Price, quantity: Quantity)] {
        var sums: [Price: Int64] = [:]
        for order in book where order.side == side {
            sums[order.price, default: 0] += order.visible
        }
        let prices = sums.keys.sorted { side == .buy ? $0 > $1 : $0 < $1 }
        return prices.map { (price: $0, quantity: Quantity(sums[$0]!)) }
    }

    // MARK: Events

    func emit(_ event: EngineEvent) {
        sequence += 1
        output.append(SequencedEvent(sequence: sequence, event: event))
    }

    /// Emits the current visible sum of a level.
    func emitLevel(_ side: Side, _ price: Price) {
        var sum: Int64 = 0
        for order in book where order.side == side && order.price == price {
            sum += order.visible
        }
        emit(.level(side, price: price, quantity: Quantity(sum)))
    }

    // MARK: Looking things up (linear scans on purpose)

    /// Index in `book` of the front order of the best level of `side`.
    func bestIndex(_ side: Side) -> Int? {
        var best: Int?
        for index in book.indices where book[index].side == side {
            guard let current = best else {
                best = index
                continue
            }
            let candidate = book[index]
            let incumbent = book[current]
            let betterPrice = side == .buy ? candidate.price > incumbent.price : candidate.price < incumbent.price
            if betterPrice || (candidate.price == incumbent.price && candidate.priority < incumbent.priority) {
                best = index
            }
        }
        return best
    }

    /// Best price of `side`, if it has orders.
    func bestPrice(_ side: Side) -> Price? {
        bestIndex(side).map { book[$0].price }
    }

    /// Whether a post-only order at `price` would take liquidity.
    func wouldTake(_ side: Side, price: Price) -> Bool {
        guard let best = bestPrice(side.opposite) else { return false }
        return side == .buy ? price >= best : price <= best
    }

    /// Whether `id` is a live order's id or a reserved bracket-leg id.
    func isTaken(_ id: OrderID) -> Bool {
        reservedIDs.contains(id) || book.contains { $0.id == id } || armed.contains { $0.id == id }
    }

    /// A live order by id.
    func liveOrder(_ id: OrderID) -> ReferenceOrder? {
        book.first { $0.id == id } ?? armed.first { $0.id == id }
    }

    /// Takes a live order out of the book or the armed list; emits `level` for a resting one only when asked.
    /// - Returns: the order and whether it was resting, or `nil` when `id` is not live.
    func removeLive(_ id: OrderID) -> (order: ReferenceOrder, wasResting: Bool)? {
        if let index = book.firstIndex(where: { $0.id == id }) {
            return (book.remove(at: index), true)
        }
        if let index = armed.firstIndex(where: { $0.id == id }) {
            return (armed.remove(at: index), false)
        }
        return nil
    }

    func nextPriority() -> Int {
        priorityCounter += 1
        return priorityCounter
    }

    /// Emits `accepted` and numbers the order.
    func accept(_ request: OrderRequest) -> ReferenceOrder {
        emit(
            .accepted(
                request.id, account: request.account, side: request.side, price: request.price,
                quantity: request.quantity))
        acceptanceCounter += 1
        return ReferenceOrder(request, acceptance: acceptanceCounter)
    }

    /// Parks an accepted order until its trigger fires.
    func arm(_ order: ReferenceOrder) {
        var order = order
        armCounter += 1
        order.armNumber = armCounter
        armed.append(order)
    }
}
