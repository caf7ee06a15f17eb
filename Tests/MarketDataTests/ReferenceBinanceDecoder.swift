import BourseCore
import Foundation
import MarketData
import OrderBook

/// The general decoder the fast parser is checked against: `JSONSerialization`, then plain dictionary
/// lookups following the same classification rules (`e == "depthUpdate"`: diff; no `e` but `lastUpdateId`:
/// snapshot; otherwise other).
enum ReferenceBinanceDecoder {
    enum Decoded: Equatable {
        /// JSONSerialization refused the text, or the top level is not an object.
        case invalidJSON
        /// Valid JSON, but a depth message with missing or mistyped fields.
        case invalidDepth
        case depthUpdate(BinanceDepthUpdate)
        case snapshot(BinanceDepthSnapshot)
        case other
    }

    static func decode(_ bytes: [UInt8], scales: DecimalScales = .binance) -> Decoded {
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)),
            var event = object as? [String: Any]
        else { return .invalidJSON }
        if event["stream"] != nil || event["data"] != nil {
            guard let data = event["data"] as? [String: Any] else { return .invalidDepth }
            event = data
        }
        if let type = event["e"] as? String, type == "depthUpdate" {
            guard let symbol = (event["s"] as? String).flatMap(VenueSymbol.init),
                let first = integer(event["U"]), let final = integer(event["u"]),
                let bids = levels(event["b"], scales), let asks = levels(event["a"], scales)
            else { return .invalidDepth }
            var update = BinanceDepthUpdate(
                symbol: symbol, firstUpdateId: first, finalUpdateId: final,
                bids: bids, asks: asks)
            if let value = event["E"] {
                guard let time = integer(value) else { return .invalidDepth }
                update.eventTime = time
            }
            if let value = event["pu"] {
                guard let previous = integer(value) else { return .invalidDepth }
                update.previousFinalUpdateId = previous
            }
            return .depthUpdate(update)
        }
        if event["e"] == nil, let id = event["lastUpdateId"] {
            guard let lastUpdateId = integer(id), let bids = levels(event["bids"], scales),
                let asks = levels(event["asks"], scales)
            else { return .invalidDepth }
            return .snapshot(BinanceDepthSnapshot(lastUpdateId: lastUpdateId, bids: bids, asks: asks))
        }
        return .other
    }

    static func integer(_ value: Any?) -> Int64? {
        guard let number = value as? NSNumber else { return nil }
        let text = number.stringValue
        guard !text.isEmpty, text.allSatisfy(\.isASCII), text.allSatisfy(\.isNumber) else { return nil }
        return Int64(text)
    }

    static func levels(_ value: Any?, _ scales: DecimalScales) -> [L2Level]? {
        guard let rows = value as? [Any] else { return nil }
        var result: [L2Level] = []
        for row in rows {
            guard let pair = row as? [Any], pair.count == 2, let price = pair[0] as? String,
                let size = pair[1] as? String,
                let p = try? FixedPoint.parse(price, scale: scales.price, allowNegative: false),
                let q = try? FixedPoint.parse(size, scale: scales.size, allowNegative: false)
            else { return nil }
            result.append(L2Level(price: Price(p), quantity: Quantity(q)))
        }
        return result
    }
}
