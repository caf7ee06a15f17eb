import BourseCore
import OrderBook

/// A paper venue: order entry that fills in-process against a book it is given (the latest book of a real or
/// simulated venue), with no money at risk. IOC orders take what the book shows at or better than their limit;
/// resting orders wait for ``fillResting(_:quantity:price:)``. Client order ids are unique, as on a real venue.
///
/// Fault switches make it misbehave the way venues do, for tests of the execution client: answer late (after
/// the client gave up), apply an order but lose the answer, refuse connections.
public actor PaperVenue: OrderEntry {
    public nonisolated let venue: String
    private let book: @Sendable (String) -> L2Book?
    private var orders: [String: (intent: OrderIntent, report: OrderReport)] = [:]
    private var nextID = 1

    /// Misbehaviour for tests.
    public struct Faults: Sendable {
        /// Every answer comes this late (the order is applied at once).
        public var answerDelay: Duration = .zero
        /// The next this-many submissions are applied, then answered with an unknown outcome.
        public var lostAnswers = 0
        /// Every call fails before reaching the venue.
        public var unreachable = false
        public init() {}
    }

    public var faults = Faults()
    /// Submissions that reached the venue (retries included).
    public private(set) var submissionsReceived = 0
    /// Orders created (a duplicate client order id creates none).
    public private(set) var ordersCreated = 0

    /// - Parameter book: the book to fill against, by symbol (read at each order).
    public init(venue: String, book: @escaping @Sendable (String) -> L2Book?) {
        self.venue = venue
        self.book = book
    }

    /// Changes the fault switches.
    public func setFaults(_ faults: Faults) { self.faults = faults }

    public func submit(_ intent: OrderIntent) async throws(OrderEntryError) -> OrderReport {
        guard !faults.unreachable else { throw OrderEntryError(.unreachable, "\(venue): connection refused") }
        submissionsReceived += 1
        guard orders[intent.clientOrderID] == nil else {
            throw OrderEntryError(.duplicate, "\(venue): Duplicate order sent.", venueCode: -2010)
        }
        guard intent.quantity > 0, intent.price > 0 else { throw OrderEntryError(.rejected, "\(venue): size and price must be positive") }
        ordersCreated += 1
        var report = OrderReport(
            clientOrderID: intent.clientOrderID, venueOrderID: String(nextID), state: .open, filled: 0, filledNotional: 0)
        nextID += 1
        let side = intent.orderSide
        let levels: [L2Level] = book(intent.symbol).map { Array($0.levels(side.opposite)) } ?? []
        let crosses = levels.first.map { side == .buy ? $0.price.rawValue <= intent.price : $0.price.rawValue >= intent.price } ?? false
        if intent.timeInForce == .postOnly && crosses {
            report.state = .expired
        } else if intent.timeInForce == .ioc {
            var left = intent.quantity
            for level in levels where left > 0 {
                let price = level.price.rawValue
                guard side == .buy ? price <= intent.price : price >= intent.price else { break }
                let take = min(left, level.quantity.rawValue)
                report.filled += take
                report.filledNotional += take * price
                left -= take
            }
            report.state = left == 0 ? .filled : .expired
        }
        orders[intent.clientOrderID] = (intent, report)
        if faults.answerDelay > .zero { try? await Task.sleep(for: faults.answerDelay) }
        if faults.lostAnswers > 0 {
            faults.lostAnswers -= 1
            throw OrderEntryError(.unknownOutcome, "\(venue): execution status unknown", venueCode: -1007)
        }
        return report
    }

    public func status(_ intent: OrderIntent) async throws(OrderEntryError) -> OrderReport {
        guard !faults.unreachable else { throw OrderEntryError(.unreachable, "\(venue): connection refused") }
        guard let entry = orders[intent.clientOrderID] else { throw OrderEntryError(.notFound, "\(venue): Order does not exist.") }
        return entry.report
    }

    public func cancel(_ intent: OrderIntent) async throws(OrderEntryError) -> OrderReport {
        guard !faults.unreachable else { throw OrderEntryError(.unreachable, "\(venue): connection refused") }
        guard var entry = orders[intent.clientOrderID] else { throw OrderEntryError(.notFound, "\(venue): Order does not exist.") }
        if !entry.report.state.isTerminal { entry.report.state = .cancelled }
        orders[intent.clientOrderID] = entry
        return entry.report
    }

    public func openOrders(symbol: String) async throws(OrderEntryError) -> [String] {
        guard !faults.unreachable else { throw OrderEntryError(.unreachable, "\(venue): connection refused") }
        return orders.values.filter { $0.intent.symbol == symbol && !$0.report.state.isTerminal }.map(\.intent.clientOrderID).sorted()
    }

    /// Fills part of a resting order (a counterparty arrived), at `price`.
    public func fillResting(_ clientOrderID: String, quantity: Int64, price: Int64) {
        guard var entry = orders[clientOrderID], !entry.report.state.isTerminal else { return }
        let take = min(quantity, entry.intent.quantity - entry.report.filled)
        entry.report.filled += take
        entry.report.filledNotional += take * price
        entry.report.state = entry.report.filled == entry.intent.quantity ? .filled : .partiallyFilled
        orders[clientOrderID] = entry
    }

    /// The venue's own report of every order (tests compare the client's positions with it).
    public func reports() -> [(intent: OrderIntent, report: OrderReport)] { Array(orders.values) }
}
