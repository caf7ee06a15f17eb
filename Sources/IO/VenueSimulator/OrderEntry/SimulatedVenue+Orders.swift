import BourseCore
import MatchingEngine

/// Order entry in Binance's spot REST dialect (`/api/v3/order`, `/api/v3/openOrders`), served by every simulated
/// venue (its market data keeps the venue's own format). Orders run on the venue's matching engine, so what a
/// client takes leaves the venue's published book, and its resting orders trade with the synthetic flow.
extension SimulatedVenue {
    /// The API key and secret the simulated venues accept (HMAC-SHA256 signatures as on Binance).
    public static let demoCredentials = (key: "bourse-demo", secret: "bourse-demo-secret")

    /// Places an order (`symbol`, `side`, `type` `LIMIT`/`LIMIT_MAKER`, `timeInForce` `GTC`/`IOC`/`FOK`,
    /// `quantity`, `price`, optional `newClientOrderId`). Returns the order and how its answer goes out (the
    /// `lost` and `cut` faults: applied, then answered with -1007 or cut off halfway).
    /// - Throws: ``SimulatedOrderError``; nothing changes then.
    func placeOrder(_ p: [String: String]) throws(SimulatedOrderError) -> (order: OrderDesk.Order, reply: ReplyFault) {
        guard let symbol = p["symbol"], !symbol.isEmpty else { throw .missing("symbol") }
        let key = Self.key(symbol)
        guard var entry = markets[key] else { throw .invalidSymbol }
        let instrument = entry.market.instrument
        let side: Side
        switch p["side"] {
        case "BUY": side = .buy
        case "SELL": side = .sell
        case nil: throw .missing("side")
        default: throw .illegal("side")
        }
        let type = p["type"] ?? ""
        guard type == "LIMIT" || type == "LIMIT_MAKER" else {
            throw type.isEmpty ? .missing("type") : SimulatedOrderError(-1116, "Invalid orderType.")
        }
        let tifText = type == "LIMIT_MAKER" ? "GTC" : (p["timeInForce"] ?? "")
        let timeInForce: TimeInForce
        switch tifText {
        case "GTC": timeInForce = .gtc
        case "IOC": timeInForce = .ioc
        case "FOK": timeInForce = .fok
        case "": throw .missing("timeInForce")
        default: throw SimulatedOrderError(-1115, "Invalid timeInForce.")
        }
        guard let quantityText = p["quantity"] else { throw .missing("quantity") }
        guard let priceText = p["price"] else { throw .missing("price") }
        let quantity: Quantity
        let price: Price
        do {
            quantity = try instrument.quantity(quantityText)
            price = try instrument.price(priceText)
            try instrument.validate(quantity: quantity)
            try instrument.validate(price: price)
        } catch {
            throw SimulatedOrderError(-1013, "Filter failure: \(error)")
        }
        guard quantity.rawValue > 0, price.rawValue > 0 else { throw SimulatedOrderError(-1013, "Filter failure: size and price must be positive") }
        let clientOrderID = p["newClientOrderId"] ?? "sim-\(desk.orders.count + 1)"
        guard clientOrderID.count <= 36, clientOrderID.allSatisfy({ $0.isLetter || $0.isNumber || "-_.".contains($0) }) else {
            throw .illegal("newClientOrderId")
        }
        guard desk.order(clientOrderID: clientOrderID) == nil else { throw SimulatedOrderError(-2010, "Duplicate order sent.") }
        let now = Self.milliseconds()
        let placed = entry.market.submitTraderOrder(
            side: side, price: price, quantity: quantity, timeInForce: timeInForce, postOnly: type == "LIMIT_MAKER", now: now)
        var order = OrderDesk.Order(
            clientOrderID: clientOrderID, orderID: placed.id, key: key, symbol: entry.name, side: side, type: type,
            timeInForce: tifText, price: price, quantity: quantity, time: now, updateTime: now)
        if placed.rejected != nil { order.status = type == "LIMIT_MAKER" ? "EXPIRED" : "REJECTED" }
        desk.insert(order)
        let (changes, _) = entry.market.drainChanges()
        let traded = entry.market.drainTraderTrades()
        markets[key] = entry
        settle(traded, now: now)
        if !changes.isEmpty { publish(changes: coalesce(changes), key: key, now: now) }
        if timeInForce != .gtc {
            // What an IOC/FOK did not fill is gone.
            desk.update(clientOrderID) { if $0.isOpen && $0.filled < $0.quantity.rawValue { $0.status = "EXPIRED" } }
        }
        var reply = ReplyFault.none
        if faults.lostReplies > 0 {
            faults.lostReplies -= 1
            reply = .lost
        } else if faults.cutReplies > 0 {
            faults.cutReplies -= 1
            reply = .cut
        }
        return (desk.order(clientOrderID: clientOrderID) ?? order, reply)
    }

    /// The order named by `origClientOrderId` or `orderId` in `symbol`.
    /// - Throws: -2013 when the venue does not know it.
    func queryOrder(_ p: [String: String]) throws(SimulatedOrderError) -> OrderDesk.Order {
        guard let symbol = p["symbol"], !symbol.isEmpty else { throw .missing("symbol") }
        guard markets[Self.key(symbol)] != nil else { throw .invalidSymbol }
        let order: OrderDesk.Order?
        if let clientID = p["origClientOrderId"] {
            order = desk.order(clientOrderID: clientID)
        } else if let text = p["orderId"] {
            guard let raw = UInt64(text) else { throw .illegal("orderId") }
            order = desk.order(id: OrderID(raw))
        } else {
            throw .missing("orderId")
        }
        guard let order, order.key == Self.key(symbol) else { throw .unknownOrder }
        return order
    }

    /// Cancels an open order.
    /// - Throws: -2011 when it is no longer open, -2013 when unknown.
    func cancelOrder(_ p: [String: String]) throws(SimulatedOrderError) -> OrderDesk.Order {
        let order = try queryOrder(p)
        guard order.isOpen, var entry = markets[order.key] else { throw SimulatedOrderError(-2011, "Unknown order sent.") }
        let now = Self.milliseconds()
        _ = entry.market.cancelTraderOrder(order.orderID, now: now)
        let (changes, _) = entry.market.drainChanges()
        markets[order.key] = entry
        desk.update(order.clientOrderID) {
            $0.status = "CANCELED"
            $0.updateTime = now
        }
        if !changes.isEmpty { publish(changes: coalesce(changes), key: order.key, now: now) }
        return desk.order(clientOrderID: order.clientOrderID) ?? order
    }

    /// Open orders (of `symbol` when given).
    func openOrders(_ p: [String: String]) throws(SimulatedOrderError) -> [OrderDesk.Order] {
        if let symbol = p["symbol"] {
            guard markets[Self.key(symbol)] != nil else { throw .invalidSymbol }
            return desk.open(key: Self.key(symbol))
        }
        return desk.open(key: nil)
    }

    /// Applies the trader's trades to the desk.
    func settle(_ trades: [Trade], now: Int64) {
        for trade in trades {
            if trade.takerAccount == SyntheticMarket.traderAccount {
                desk.fill(trade.takerID, price: trade.price, quantity: trade.quantity, now: now)
            }
            if trade.makerAccount == SyntheticMarket.traderAccount {
                desk.fill(trade.makerID, price: trade.price, quantity: trade.quantity, now: now)
            }
        }
    }

    /// How late order entry answers (the `late` fault).
    var orderDelay: Duration { faults.orderDelay }

    /// Orders received through order entry so far (a duplicate client order id adds none).
    public var orderCount: Int { desk.orders.count }

    /// Every order received through order entry, as the venue's own record (tests and the demo compare the
    /// client's positions with it).
    public func traderOrders() -> [SimulatedOrderRecord] {
        desk.orders.values.map {
            SimulatedOrderRecord(
                clientOrderID: $0.clientOrderID, symbol: $0.symbol, side: $0.side, filled: $0.filled,
                filledNotional: $0.filledNotional, status: $0.status)
        }
    }

    /// Fills of trader orders so far.
    public var traderFills: Int { desk.fillCount }

    /// An order in Binance's field names.
    func json(_ o: OrderDesk.Order) -> String {
        let instrument = markets[o.key]?.market.instrument
        let price = instrument?.format(o.price) ?? "\(o.price.rawValue)"
        let quantity = instrument?.format(o.quantity) ?? "\(o.quantity.rawValue)"
        let filled = instrument?.format(Quantity(o.filled)) ?? "\(o.filled)"
        let notional = FixedPoint.format(o.filledNotional, scale: instrument?.notionalScale ?? 0)
        return """
            {"symbol":"\(o.symbol)","orderId":\(o.orderID.rawValue),"orderListId":-1,"clientOrderId":"\(o.clientOrderID)",\
            "transactTime":\(o.updateTime),"time":\(o.time),"updateTime":\(o.updateTime),"price":"\(price)",\
            "origQty":"\(quantity)","executedQty":"\(filled)","cummulativeQuoteQty":"\(notional)",\
            "status":"\(o.status)","timeInForce":"\(o.timeInForce)","type":"\(o.type)",\
            "side":"\(o.side == .buy ? "BUY" : "SELL")","isWorking":\(o.isOpen)}
            """
    }
}

/// How an order's answer goes out.
enum ReplyFault: Sendable {
    case none
    /// HTTP 503 with -1007 "execution status unknown".
    case lost
    /// The answer starts and the connection drops halfway.
    case cut
}

/// A venue's record of one order received through order entry.
public struct SimulatedOrderRecord: Hashable, Sendable {
    public var clientOrderID: String
    public var symbol: String
    public var side: Side
    /// Filled size, raw at the venue's size scale.
    public var filled: Int64
    /// Σ price × size, raw at the venue's notional scale.
    public var filledNotional: Int64
    /// Binance's status name.
    public var status: String
}
