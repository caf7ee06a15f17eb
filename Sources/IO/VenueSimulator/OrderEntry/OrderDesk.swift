import BourseCore
import MatchingEngine

/// The orders a simulated venue received through its order entry, by client order id (the venue's
/// idempotency key: a second order with the same id is refused, as on Binance).
struct OrderDesk: Sendable {
    /// One order as the venue reports it.
    struct Order: Sendable {
        var clientOrderID: String
        var orderID: OrderID
        /// The market key (``SimulatedVenue/key(_:)``) and the venue's own symbol.
        var key: String
        var symbol: String
        var side: Side
        var type: String
        var timeInForce: String
        var price: Price
        var quantity: Quantity
        var filled: Int64 = 0
        /// Σ price × size of the fills, at the instrument's notional scale.
        var filledNotional: Int64 = 0
        /// Binance's status names: `NEW`, `PARTIALLY_FILLED`, `FILLED`, `CANCELED`, `EXPIRED`, `REJECTED`.
        var status = "NEW"
        var time: Int64
        var updateTime: Int64

        var isOpen: Bool { status == "NEW" || status == "PARTIALLY_FILLED" }
    }

    private(set) var orders: [String: Order] = [:]
    private var byOrderID: [OrderID: String] = [:]
    /// Fills applied, for the status endpoint.
    private(set) var fillCount = 0

    func order(clientOrderID: String) -> Order? { orders[clientOrderID] }

    func order(id: OrderID) -> Order? { byOrderID[id].flatMap { orders[$0] } }

    mutating func insert(_ order: Order) {
        orders[order.clientOrderID] = order
        byOrderID[order.orderID] = order.clientOrderID
    }

    mutating func update(_ clientOrderID: String, _ change: (inout Order) -> Void) {
        guard var order = orders[clientOrderID] else { return }
        change(&order)
        orders[clientOrderID] = order
    }

    /// Applies one trade of the trader's order `id` (maker or taker side).
    mutating func fill(_ id: OrderID, price: Price, quantity: Quantity, now: Int64) {
        guard let clientID = byOrderID[id] else { return }
        fillCount += 1
        update(clientID) { order in
            order.filled += quantity.rawValue
            order.filledNotional += price.rawValue * quantity.rawValue
            order.status = order.filled >= order.quantity.rawValue ? "FILLED" : "PARTIALLY_FILLED"
            order.updateTime = now
        }
    }

    /// Open orders, oldest first (optionally of one market).
    func open(key: String?) -> [Order] {
        orders.values.filter { $0.isOpen && (key == nil || $0.key == key) }.sorted { $0.orderID < $1.orderID }
    }
}
