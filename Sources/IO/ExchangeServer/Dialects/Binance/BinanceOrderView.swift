import BourseCore
import ExchangeCore
import MatchingEngine

/// An order in Binance's field names, as `GET /api/v3/order`, `openOrders`, new-order (`RESULT`/`FULL`) and
/// cancel responses show it. Optional fields are left out when `nil`, so one type serves every response.
struct BinanceOrderView: Encodable, Sendable {
    var symbol: String
    var orderId: UInt64
    var orderListId: Int = -1
    var clientOrderId: String
    var origClientOrderId: String?
    var transactTime: Int64?
    var price: String
    var origQty: String
    var executedQty: String
    var cummulativeQuoteQty: String
    var status: String
    var timeInForce: String
    var type: String
    var side: String
    var stopPrice: String?
    var icebergQty: String?
    var time: Int64?
    var updateTime: Int64?
    var isWorking: Bool?
    var workingTime: Int64?
    var origQuoteOrderQty: String?
    var selfTradePreventionMode = "NONE"
    var fills: [BinanceFill]?

    /// The view of `r`; `query` adds the fields of `GET order` (`time`, `updateTime`, `isWorking`...).
    init(_ r: OrderRecord, _ instrument: Instrument, query: Bool) {
        symbol = InstrumentCatalog.binanceSymbol(instrument)
        orderId = r.id.rawValue
        clientOrderId = r.clientOrderID ?? Self.defaultClientID(r.id)
        price = r.type.isLimit ? instrument.format(r.price ?? Price(0)) : "0"
        origQty = instrument.format(r.quantity)
        executedQty = instrument.format(r.filled)
        cummulativeQuoteQty = FixedPoint.format(r.filledNotional, scale: instrument.notionalScale)
        status = Self.status(r)
        timeInForce = Self.timeInForce(r.timeInForce)
        type = Self.type(r)
        side = r.side == .buy ? "BUY" : "SELL"
        if r.type.isTriggered { stopPrice = r.triggerPrice.map { instrument.format($0) } }
        workingTime = r.status == .untriggered ? -1 : r.createdAt
        if query {
            stopPrice = stopPrice ?? "0"
            icebergQty = "0"
            time = r.createdAt
            updateTime = r.updatedAt
            isWorking = r.status != .untriggered
            origQuoteOrderQty = FixedPoint.format(r.quoteAmount ?? 0, scale: instrument.notionalScale)
        } else {
            transactTime = r.updatedAt
        }
    }

    /// The client id Binance-style APIs show for an order placed without one.
    static func defaultClientID(_ id: OrderID) -> String { "bourse-\(id.rawValue)" }

    /// Binance's status: `NEW` (also while a stop waits), `PARTIALLY_FILLED`, `FILLED`, `CANCELED`, `EXPIRED`
    /// (what an IOC/FOK or market order leaves unfilled, and expired GTD orders), `REJECTED`.
    static func status(_ r: OrderRecord) -> String {
        switch r.status {
        case .untriggered, .new: return "NEW"
        case .partiallyFilled: return "PARTIALLY_FILLED"
        case .filled: return "FILLED"
        case .cancelled:
            switch r.timeInForce {
            case .ioc, .fok: return "EXPIRED"
            default: return "CANCELED"
            }
        case .expired: return "EXPIRED"
        case .rejected: return "REJECTED"
        }
    }

    static func timeInForce(_ tif: TimeInForce) -> String {
        switch tif {
        case .gtc, .gtd: return "GTC"
        case .ioc: return "IOC"
        case .fok: return "FOK"
        }
    }

    static func type(_ r: OrderRecord) -> String {
        switch r.type {
        case .limit: return r.postOnly ? "LIMIT_MAKER" : "LIMIT"
        case .market: return "MARKET"
        case .stopMarket: return "STOP_LOSS"
        case .stopLimit: return "STOP_LOSS_LIMIT"
        case .takeProfitMarket: return "TAKE_PROFIT"
        case .takeProfitLimit: return "TAKE_PROFIT_LIMIT"
        }
    }
}

/// One fill of a new order's `FULL` response.
struct BinanceFill: Encodable, Sendable {
    var price: String
    var qty: String
    var commission: String
    var commissionAsset: String
    var tradeId: UInt64
}
