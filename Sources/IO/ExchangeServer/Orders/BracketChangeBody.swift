import BourseCore
import ExchangeCore

/// The JSON body of `PATCH /api/v1/brackets/{entryId}`: new terms for a bracket position, each optional, with
/// the field names of `POST /api/v1/brackets` (`price` is the entry's limit price).
///
/// ```json
/// {"price":"101","takeProfitPrice":"112","stopLossTrigger":"96","stopLossLimit":"95"}
/// ```
struct BracketChangeBody: Decodable, Sendable {
    var price: String?
    var takeProfitPrice: String?
    var stopLossTrigger: String?
    var stopLossLimit: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case price, takeProfitPrice, stopLossTrigger, stopLossLimit
    }

    init(from decoder: any Decoder) throws {
        try decoder.rejectUnknownKeys(CodingKeys.self)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        price = try c.decodeIfPresent(String.self, forKey: .price)
        takeProfitPrice = try c.decodeIfPresent(String.self, forKey: .takeProfitPrice)
        stopLossTrigger = try c.decodeIfPresent(String.self, forKey: .stopLossTrigger)
        stopLossLimit = try c.decodeIfPresent(String.self, forKey: .stopLossLimit)
    }

    /// Parses against the market's grid.
    /// - Throws: ``APIError`` 400 naming the bad field, or `missing_field` when nothing is given.
    func change(_ instrument: Instrument) throws(APIError) -> BracketChange {
        func parse(_ text: String?, _ field: String) throws(APIError) -> Price? {
            try text.map { p throws(APIError) in try OrderFields.price(p, instrument, field: field) }
        }
        let change = BracketChange(
            entryPrice: try parse(price, "price"), takeProfitPrice: try parse(takeProfitPrice, "takeProfitPrice"),
            stopLossTrigger: try parse(stopLossTrigger, "stopLossTrigger"),
            stopLossLimit: try parse(stopLossLimit, "stopLossLimit"))
        if change.isEmpty {
            throw APIError.badRequest(
                "missing_field", "give at least one of price, takeProfitPrice, stopLossTrigger, stopLossLimit")
        }
        return change
    }
}
