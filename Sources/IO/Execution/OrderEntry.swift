/// Order entry on one venue: the execution client's only view of it.
///
/// Implementations: ``BinanceOrderEntry`` (Binance's signed spot REST dialect, spoken by Binance, Bourse's
/// exchange and the venue simulator), ``BourseOrderEntry`` (Bourse's `/api/v1`) and ``PaperVenue`` (in-process
/// fills against a book). Every call may throw ``OrderEntryError``; its code tells what is known afterwards.
public protocol OrderEntry: Sendable {
    /// The venue's name.
    var venue: String { get }
    /// Sends a new order. `duplicate` when the venue already has `intent.clientOrderID`.
    func submit(_ intent: OrderIntent) async throws(OrderEntryError) -> OrderReport
    /// The order's current report; `notFound` when the venue never received it.
    func status(_ intent: OrderIntent) async throws(OrderEntryError) -> OrderReport
    /// Cancels the order and returns its final report (`notFound` when unknown; a filled order reports filled).
    func cancel(_ intent: OrderIntent) async throws(OrderEntryError) -> OrderReport
    /// The client order ids of the open orders in `symbol`.
    func openOrders(symbol: String) async throws(OrderEntryError) -> [String]
}
