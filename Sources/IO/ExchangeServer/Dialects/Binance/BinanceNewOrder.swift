import BourseCore
import ExchangeCore
import MatchingEngine

/// The parameters of `POST /api/v3/order`, checked the way Binance checks them and turned into an
/// ``OrderSpec`` on the market's grid (decimals parsed exactly by the instrument, never through `Double`).
///
/// Types: `LIMIT` (price, quantity, timeInForce), `MARKET` (quantity, or `quoteOrderQty` for a buy),
/// `LIMIT_MAKER` (a post-only limit), `STOP_LOSS`/`TAKE_PROFIT` (stopPrice, quantity) and their `_LIMIT` forms
/// (with price and timeInForce). `newClientOrderId` becomes the order's client id; without one the exchange
/// shows `bourse-<orderId>`.
enum BinanceNewOrder {
    /// What the new-order response shows: `ACK`, `RESULT` or `FULL` (Binance's default for every type).
    enum ResponseType: String { case ack = "ACK", result = "RESULT", full = "FULL" }

    static func spec(_ p: BinanceParameters, _ instrument: Instrument) throws(BinanceError) -> OrderSpec {
        let side: Side
        switch try p.required("side") {
        case "BUY": side = .buy
        case "SELL": side = .sell
        default: throw .invalidSide
        }
        let typeName = try p.required("type")
        var postOnly = false
        let type: OrderType
        switch typeName {
        case "LIMIT": type = .limit
        case "LIMIT_MAKER":
            type = .limit
            postOnly = true
        case "MARKET": type = .market
        case "STOP_LOSS": type = .stopMarket
        case "STOP_LOSS_LIMIT": type = .stopLimit
        case "TAKE_PROFIT": type = .takeProfitMarket
        case "TAKE_PROFIT_LIMIT": type = .takeProfitLimit
        default: throw .invalidOrderType
        }
        var tif: TimeInForce?
        if type.isLimit && !postOnly {
            switch try p.required("timeInForce") {
            case "GTC": tif = .gtc
            case "IOC": tif = .ioc
            case "FOK": tif = .fok
            default: throw .invalidTimeInForce
            }
        } else if p["timeInForce"] != nil && !postOnly {
            throw .notRequired("timeInForce")
        }
        let price: Price? = type.isLimit ? try Self.price(p.required("price"), instrument, "price") : nil
        if !type.isLimit, p["price"] != nil { throw .notRequired("price") }
        let trigger: Price? = type.isTriggered ? try Self.price(p.required("stopPrice"), instrument, "stopPrice") : nil
        var quantity: Quantity?
        var quote: Int64?
        if let text = p["quantity"] {
            quantity = try Self.quantity(text, instrument, "quantity")
            if p["quoteOrderQty"] != nil { throw .notRequired("quoteOrderQty") }
        } else if type == .market, let text = p["quoteOrderQty"] {
            guard side == .buy else {
                throw BinanceError(-1013, "quoteOrderQty is only supported for MARKET BUY orders on this exchange.")
            }
            quote = try Self.decimal(text, scale: instrument.notionalScale, "quoteOrderQty")
        } else {
            throw .mandatory("quantity")
        }
        var clientID = p["newClientOrderId"]
        if let id = clientID {
            guard id.utf8.count <= 64, id.allSatisfy({ $0.isASCII && !$0.isWhitespace }) else {
                throw .illegalCharacters("newClientOrderId")
            }
        } else {
            clientID = nil
        }
        var iceberg: Quantity?
        if let text = p["icebergQty"] { iceberg = try Self.quantity(text, instrument, "icebergQty") }
        let stp: SelfTradePrevention
        switch p["selfTradePreventionMode"] ?? "NONE" {
        case "NONE": stp = .none
        case "EXPIRE_TAKER": stp = .cancelIncoming
        case "EXPIRE_MAKER": stp = .cancelResting
        case "EXPIRE_BOTH": stp = .cancelBoth
        default: throw .illegalCharacters("selfTradePreventionMode")
        }
        return OrderSpec(
            clientOrderID: clientID, side: side, type: type, price: price, triggerPrice: trigger, quantity: quantity,
            quoteAmount: quote, timeInForce: tif, postOnly: postOnly, displayQuantity: iceberg,
            selfTradePrevention: stp)
    }

    static func responseType(_ p: BinanceParameters) throws(BinanceError) -> ResponseType {
        guard let text = p["newOrderRespType"] else { return .full }
        guard let type = ResponseType(rawValue: text) else { throw .illegalCharacters("newOrderRespType") }
        return type
    }

    static func price(_ text: String, _ instrument: Instrument, _ name: String) throws(BinanceError) -> Price {
        guard text.utf8.count <= 40 else { throw .illegalCharacters(name) }
        do { return try instrument.price(text) } catch { throw filterError(error, name, "PRICE_FILTER") }
    }

    static func quantity(_ text: String, _ instrument: Instrument, _ name: String) throws(BinanceError) -> Quantity {
        guard text.utf8.count <= 40 else { throw .illegalCharacters(name) }
        do { return try instrument.quantity(text) } catch { throw filterError(error, name, "LOT_SIZE") }
    }

    static func decimal(_ text: String, scale: Int, _ name: String) throws(BinanceError) -> Int64 {
        guard text.utf8.count <= 40 else { throw .illegalCharacters(name) }
        let value: Int64
        do { value = try FixedPoint.parse(text, scale: scale, allowNegative: false) } catch {
            throw .illegalCharacters(name)
        }
        guard value > 0 else { throw BinanceError(-1013, "Invalid \(name).") }
        return value
    }

    /// Text that is not a decimal is -1100; a decimal off the grid or out of range is a filter failure.
    private static func filterError(_ error: InstrumentError, _ name: String, _ filter: String) -> BinanceError {
        if error.cause?.code == .tooManyDecimals {
            return BinanceError(-1111, "Precision is over the maximum defined for this asset.")
        }
        if error.code == .invalidDecimal || error.cause != nil { return .illegalCharacters(name) }
        return .filterFailure(filter)
    }
}
