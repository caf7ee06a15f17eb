import BourseCore
import ExchangeCore
import MatchingEngine

/// The JSON body of `POST /api/v1/brackets`: a limit or market entry with a take-profit and a stop-loss.
///
/// ```json
/// {"symbol":"BTC-USDT","side":"buy","type":"limit","price":"100","size":"1",
///  "takeProfitPrice":"110","stopLossTrigger":"95","stopLossLimit":"94","clientOrderId":"b-1"}
/// ```
struct BracketBody: Decodable, Sendable {
    var symbol: String
    var side: String
    var type: String
    var price: String?
    var size: String
    var takeProfitPrice: String
    var stopLossTrigger: String
    var stopLossLimit: String?
    var timeInForce: String?
    var expiresAt: Int64?
    var clientOrderId: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case symbol, side, type, price, size, takeProfitPrice, stopLossTrigger, stopLossLimit, timeInForce
        case expiresAt, clientOrderId
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        symbol = try c.decode(String.self, forKey: .symbol)
        side = try c.decode(String.self, forKey: .side)
        type = try c.decodeIfPresent(String.self, forKey: .type) ?? "limit"
        price = try c.decodeIfPresent(String.self, forKey: .price)
        size = try c.decode(String.self, forKey: .size)
        takeProfitPrice = try c.decode(String.self, forKey: .takeProfitPrice)
        stopLossTrigger = try c.decode(String.self, forKey: .stopLossTrigger)
        stopLossLimit = try c.decodeIfPresent(String.self, forKey: .stopLossLimit)
        timeInForce = try c.decodeIfPresent(String.self, forKey: .timeInForce)
        expiresAt = try c.decodeIfPresent(Int64.self, forKey: .expiresAt)
        clientOrderId = try c.decodeIfPresent(String.self, forKey: .clientOrderId)
    }

    /// Parses against the market's grid.
    /// - Throws: ``APIError`` 400 naming the bad field.
    func spec(_ instrument: Instrument) throws(APIError) -> BracketSpec {
        guard type == "limit" || type == "market" else {
            throw APIError.badRequest("invalid_order_type", "a bracket entry is a limit or market order")
        }
        let entry = PlaceOrderBody(
            symbol: symbol, side: side, type: type, price: price, size: size, timeInForce: timeInForce,
            expiresAt: expiresAt, clientOrderId: clientOrderId)
        return BracketSpec(
            entry: try entry.spec(instrument),
            takeProfitPrice: try OrderFields.price(takeProfitPrice, instrument, field: "takeProfitPrice"),
            stopLossTrigger: try OrderFields.price(stopLossTrigger, instrument, field: "stopLossTrigger"),
            stopLossLimit: try stopLossLimit.map { p throws(APIError) in
                try OrderFields.price(p, instrument, field: "stopLossLimit")
            })
    }
}

extension PlaceOrderBody {
    /// A plain order body (for brackets and exits built by the server).
    init(
        symbol: String, side: String, type: String, price: String? = nil, size: String? = nil,
        timeInForce: String? = nil, expiresAt: Int64? = nil, clientOrderId: String? = nil
    ) {
        self.symbol = symbol
        self.side = side
        self.type = type
        self.price = price
        self.size = size
        self.timeInForce = timeInForce
        self.expiresAt = expiresAt
        self.clientOrderId = clientOrderId
    }
}
