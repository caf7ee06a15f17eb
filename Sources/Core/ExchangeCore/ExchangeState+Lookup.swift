import BourseCore

extension ExchangeState {
    /// The order an account placed under its own client order id (open or finished), if any.
    ///
    /// Used by APIs that address orders by the client's id (Binance's `origClientOrderId`).
    public func orderID(account: AccountID, clientOrderID: String) -> OrderID? {
        clientOrderIDs[account]?[clientOrderID]
    }
}
