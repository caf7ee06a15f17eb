import BourseCore
import Foundation
import MarketData
import OrderBook

/// A Binance depth frame decoded by Foundation's `JSONDecoder`: the comparison point for the byte-level
/// parser in `bourse bench feed`. Prices and sizes are decoded as strings, then made exact by `FixedPoint`.
struct FoundationBinanceFrame: Decodable {
    var update: BinanceDepthUpdate?
    var snapshot: BinanceDepthSnapshot?

    private enum EnvelopeKeys: String, CodingKey { case stream, data }
    private enum Keys: String, CodingKey {
        case e, s, U, u, pu, b, a, lastUpdateId, bids, asks
        case eventTime = "E"
    }

    init(from decoder: any Decoder) throws {
        let envelope = try decoder.container(keyedBy: EnvelopeKeys.self)
        let container =
            envelope.contains(.data)
            ? try envelope.nestedContainer(keyedBy: Keys.self, forKey: .data)
            : try decoder.container(keyedBy: Keys.self)
        let type = try container.decodeIfPresent(String.self, forKey: .e)
        if type == "depthUpdate" {
            guard let symbol = VenueSymbol(try container.decode(String.self, forKey: .s)) else {
                throw DecodingError.dataCorruptedError(forKey: .s, in: container, debugDescription: "symbol too long")
            }
            update = BinanceDepthUpdate(
                symbol: symbol,
                firstUpdateId: try container.decode(Int64.self, forKey: .U),
                finalUpdateId: try container.decode(Int64.self, forKey: .u),
                previousFinalUpdateId: try container.decodeIfPresent(Int64.self, forKey: .pu),
                bids: try Self.levels(container.decode([[String]].self, forKey: .b)),
                asks: try Self.levels(container.decode([[String]].self, forKey: .a)))
            update?.eventTime = try container.decodeIfPresent(Int64.self, forKey: .eventTime)
        } else if type == nil, container.contains(.lastUpdateId) {
            snapshot = BinanceDepthSnapshot(
                lastUpdateId: try container.decode(Int64.self, forKey: .lastUpdateId),
                bids: try Self.levels(container.decode([[String]].self, forKey: .bids)),
                asks: try Self.levels(container.decode([[String]].self, forKey: .asks)))
        }
    }

    static func levels(_ rows: [[String]]) throws -> [L2Level] {
        try rows.map { row in
            guard row.count == 2 else {
                throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "level"))
            }
            return L2Level(
                price: Price(try FixedPoint.parse(row[0], scale: 8, allowNegative: false)),
                quantity: Quantity(try FixedPoint.parse(row[1], scale: 8, allowNegative: false)))
        }
    }
}
