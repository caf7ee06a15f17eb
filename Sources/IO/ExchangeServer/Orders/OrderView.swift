import BourseCore
import ExchangeCore
import MatchingEngine
import NIOCore

/// An order as the APIs show it (REST responses and the socket's `order` channel).
struct OrderView: Encodable, Sendable {
    var id: UInt64
    var clientOrderId: String?
    var symbol: String
    var side: String
    var type: String
    var price: String?
    var triggerPrice: String?
    var size: String
    var quoteAmount: String?
    var filled: String
    var remaining: String
    /// `Σ price × size` of the fills, in quote.
    var cost: String
    /// Average fill price, truncated to 4 more decimals than the price grid (absent before the first fill).
    var avgPrice: String?
    var status: String
    var timeInForce: String
    var expiresAt: Int64?
    var postOnly: Bool
    var reason: String?
    var parentId: UInt64?
    var createdAt: Int64
    var updatedAt: Int64

    init(_ r: OrderRecord, _ instrument: Instrument) {
        id = r.id.rawValue
        clientOrderId = r.clientOrderID
        symbol = r.symbol
        side = r.side == .buy ? "buy" : "sell"
        type = r.type.rawValue
        price = r.price.map { instrument.format($0) }
        triggerPrice = r.triggerPrice.map { instrument.format($0) }
        size = instrument.format(r.quantity)
        quoteAmount = r.quoteAmount.map { FixedPoint.format($0, scale: instrument.notionalScale) }
        filled = instrument.format(r.filled)
        remaining = instrument.format(r.remaining)
        cost = FixedPoint.format(r.filledNotional, scale: instrument.notionalScale)
        avgPrice = Self.average(r, instrument)
        status = r.status.rawValue
        switch r.timeInForce {
        case .gtc: timeInForce = "gtc"
        case .ioc: timeInForce = "ioc"
        case .fok: timeInForce = "fok"
        case .gtd(let at):
            timeInForce = "gtd"
            expiresAt = at
        }
        postOnly = r.postOnly
        reason = r.reason
        parentId = r.parentID?.rawValue
        createdAt = r.createdAt
        updatedAt = r.updatedAt
    }

    /// `filledNotional / filled` at `priceScale + 4` decimals, computed in 128 bits.
    static func average(_ r: OrderRecord, _ instrument: Instrument) -> String? {
        guard r.filled.rawValue > 0, r.filledNotional >= 0 else { return nil }
        let extra = 4
        guard instrument.priceScale + extra <= FixedPoint.maximumScale else {
            return instrument.format(Price(r.filledNotional / r.filled.rawValue))
        }
        let wide = r.filledNotional.multipliedFullWidth(by: FixedPoint.powersOfTen[extra])
        guard wide.high < r.filled.rawValue / 2 else { return nil }
        let (q, _) = r.filled.rawValue.dividingFullWidth(wide)
        return FixedPoint.format(q, scale: instrument.priceScale + extra)
    }
}

extension OrderView {
    /// The same JSON object `JSONEncoder` makes of this view (members in declaration order, absent optionals
    /// left out), written directly (`OrderViewJSONTests` compares the two).
    var json: ByteBuffer {
        var writer = JSONWriter()
        writer.member("id", id)
        writer.member("clientOrderId", clientOrderId)
        writer.member("symbol", symbol)
        writer.member("side", side)
        writer.member("type", type)
        writer.member("price", price)
        writer.member("triggerPrice", triggerPrice)
        writer.member("size", size)
        writer.member("quoteAmount", quoteAmount)
        writer.member("filled", filled)
        writer.member("remaining", remaining)
        writer.member("cost", cost)
        writer.member("avgPrice", avgPrice)
        writer.member("status", status)
        writer.member("timeInForce", timeInForce)
        writer.member("expiresAt", expiresAt)
        writer.member("postOnly", postOnly)
        writer.member("reason", reason)
        writer.member("parentId", parentId)
        writer.member("createdAt", createdAt)
        writer.member("updatedAt", updatedAt)
        return writer.finish()
    }
}
