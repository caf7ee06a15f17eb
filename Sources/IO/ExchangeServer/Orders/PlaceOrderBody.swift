import BourseCore
import ExchangeCore
import MatchingEngine

/// The JSON body of `POST /api/v1/orders` (and of the socket's `order` op). Prices and sizes are decimal strings.
///
/// ```json
/// {"symbol":"BTC-USDT","side":"buy","type":"limit","price":"26818.5","size":"0.01","timeInForce":"gtc",
///  "postOnly":false,"displaySize":"0.001","stp":"cancel_resting","clientOrderId":"my-1"}
/// ```
/// `type`: `limit`, `market`, `stop_market`, `stop_limit`, `take_profit_market`, `take_profit_limit`;
/// `timeInForce`: `gtc`, `ioc`, `fok`, `gtd` (with `expiresAt`, ms since the epoch); `stp`: `none`,
/// `cancel_resting`, `cancel_incoming`, `cancel_both`; a market buy may give `quoteAmount` instead of `size`.
struct PlaceOrderBody: Decodable, Equatable, Sendable {
    var symbol: String
    var side: String
    var type: String
    var price: String?
    var triggerPrice: String?
    var size: String?
    var quoteAmount: String?
    var timeInForce: String?
    var expiresAt: Int64?
    var postOnly: Bool?
    var displaySize: String?
    var stp: String?
    var clientOrderId: String?

    init(symbol: String, side: String, type: String) {
        self.symbol = symbol
        self.side = side
        self.type = type
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case symbol, side, type, price, triggerPrice, size, quoteAmount, timeInForce, expiresAt, postOnly
        case displaySize, stp, clientOrderId
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        symbol = try c.decode(String.self, forKey: .symbol)
        side = try c.decode(String.self, forKey: .side)
        type = try c.decodeIfPresent(String.self, forKey: .type) ?? "limit"
        price = try c.decodeIfPresent(String.self, forKey: .price)
        triggerPrice = try c.decodeIfPresent(String.self, forKey: .triggerPrice)
        size = try c.decodeIfPresent(String.self, forKey: .size)
        quoteAmount = try c.decodeIfPresent(String.self, forKey: .quoteAmount)
        timeInForce = try c.decodeIfPresent(String.self, forKey: .timeInForce)
        expiresAt = try c.decodeIfPresent(Int64.self, forKey: .expiresAt)
        postOnly = try c.decodeIfPresent(Bool.self, forKey: .postOnly)
        displaySize = try c.decodeIfPresent(String.self, forKey: .displaySize)
        stp = try c.decodeIfPresent(String.self, forKey: .stp)
        clientOrderId = try c.decodeIfPresent(String.self, forKey: .clientOrderId)
    }

    /// Parses the fields against the market's grid into an ``OrderSpec``.
    /// - Throws: ``APIError`` 400 naming the bad field; nothing is submitted.
    func spec(_ instrument: Instrument) throws(APIError) -> OrderSpec {
        let side = try OrderFields.side(side)
        guard let orderType = OrderType(rawValue: type) else {
            throw APIError.badRequest(
                "invalid_order_type",
                "type must be one of \(OrderType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let tif = try OrderFields.timeInForce(timeInForce, expiresAt: expiresAt)
        var quote: Int64?
        if let quoteAmount {
            quote = try OrderFields.amount(quoteAmount, scale: instrument.notionalScale, field: "quoteAmount")
        }
        if let clientOrderId {
            guard !clientOrderId.isEmpty, clientOrderId.utf8.count <= 64 else {
                throw APIError.badRequest("invalid_client_order_id", "clientOrderId must be 1 to 64 bytes")
            }
        }
        return OrderSpec(
            clientOrderID: clientOrderId, side: side, type: orderType,
            price: try price.map { p throws(APIError) in try OrderFields.price(p, instrument, field: "price") },
            triggerPrice: try triggerPrice.map { p throws(APIError) in
                try OrderFields.price(p, instrument, field: "triggerPrice")
            },
            quantity: try size.map { q throws(APIError) in try OrderFields.quantity(q, instrument, field: "size") },
            quoteAmount: quote, timeInForce: tif, postOnly: postOnly ?? false,
            displayQuantity: try displaySize.map { q throws(APIError) in
                try OrderFields.quantity(q, instrument, field: "displaySize")
            },
            selfTradePrevention: try OrderFields.selfTradePrevention(stp))
    }
}
