/// A BitMEX-shaped table message: `{"table":..., "action":"partial"|"insert"|"update"|"delete", "data":[...]}`;
/// a partial also carries `keys` and `filter`.
struct TableMessage<Row: Encodable & Sendable>: Encodable, Sendable {
    var table: String
    var action: String
    var keys: [String]?
    var filter: [String: String]?
    var data: [Row]
}

/// A row of `orderBookL2`: one price level. `id` is stable per price (the price in ticks), like BitMEX's.
struct BookRow: Encodable, Sendable {
    var symbol: String
    var id: Int64
    var side: String
    var size: String?
    var price: String
}

/// A row of `trade`.
struct TradeRow: Encodable, Sendable {
    var timestamp: String
    var symbol: String
    /// The taker's side (`Buy`/`Sell`).
    var side: String
    var size: String
    var price: String
    var trdMatchID: String
}

/// A row of `instrument`: last price, top of book and 24-hour volume.
struct InstrumentRow: Encodable, Sendable {
    var symbol: String
    var state: String = "Open"
    var lastPrice: String?
    var bidPrice: String?
    var askPrice: String?
    var volume24h: String
    var turnover24h: String
    var tickSize: String
    var lotSize: String
    var timestamp: String
}

/// A row of `balance` (and of `GET balances`).
struct BalanceRow: Encodable, Sendable {
    var asset: String
    var available: String
    var onHold: String
    var total: String
}

/// A successful op reply: `{"success":true,"subscribe":"trade:BTC-USDT","request":{...}}` and the like.
struct OpReply: Encodable, Sendable {
    var success: Bool
    var op: String?
    var subscribe: String?
    var unsubscribe: String?
    var id: String?
    var data: OrderView?
    var error: APIError.ErrorBody?
    var status: Int?
}
