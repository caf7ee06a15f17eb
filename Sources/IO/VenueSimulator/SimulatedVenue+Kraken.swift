import BourseCore
import MarketData
import OrderBook

/// Kraken websocket v2: `instrument` and `book` (depth 10) in Kraken's shapes, prices and quantities as JSON
/// numbers printed with the pair's precision, a CRC32 checksum of the top 10 levels on every book message.
extension SimulatedVenue {
    /// The only depth served.
    static let krakenDepth = 10

    /// Handles `{"method":"subscribe","params":{"channel":"book"|"instrument",...}}` and `{"method":"ping"}`.
    func krakenClientFrame(_ id: Int, _ text: String) {
        let now = Timestamp.iso(Self.milliseconds())
        if text.contains("\"ping\"") {
            let request = Self.number(after: "\"req_id\"", in: text).map { ",\"req_id\":\($0)" } ?? ""
            return send("{\"method\":\"pong\"\(request),\"time_in\":\"\(now)\",\"time_out\":\"\(now)\"}", to: id)
        }
        guard text.contains("\"subscribe\""), let channel = Self.strings(after: "\"channel\"", in: text).first else { return }
        if channel == "instrument" {
            send("{\"method\":\"subscribe\",\"result\":{\"channel\":\"instrument\",\"snapshot\":true},\"success\":true,\"time_in\":\"\(now)\",\"time_out\":\"\(now)\"}", to: id)
            let pairs = markets.values.sorted { $0.name < $1.name }.map { entry in
                let instrument = entry.market.instrument
                return "{\"symbol\":\"\(entry.name)\",\"base\":\"\(instrument.baseAsset)\",\"quote\":\"\(instrument.quoteAsset)\",\"status\":\"online\","
                    + "\"price_precision\":\(instrument.priceScale),\"qty_precision\":\(instrument.sizeScale),"
                    + "\"price_increment\":\(krakenNumber(instrument.tickSize.rawValue, instrument.priceScale)),"
                    + "\"qty_increment\":\(krakenNumber(instrument.lotSize.rawValue, instrument.sizeScale))}"
            }
            return send("{\"channel\":\"instrument\",\"type\":\"snapshot\",\"data\":{\"assets\":[],\"pairs\":[\(pairs.joined(separator: ","))]}}", to: id)
        }
        let depth = Int(Self.number(after: "\"depth\"", in: text) ?? "10") ?? 10
        for symbol in Self.strings(after: "\"symbol\"", in: text) {
            guard channel == "book", depth == Self.krakenDepth, let entry = markets[Self.key(symbol)],
                let book = snapshotBook(Self.key(symbol))
            else {
                send("{\"error\":\"Currency pair not supported \(symbol) or depth \(depth) (10 only)\",\"method\":\"subscribe\",\"success\":false,\"symbol\":\"\(symbol)\",\"time_in\":\"\(now)\",\"time_out\":\"\(now)\"}", to: id)
                continue
            }
            send("{\"method\":\"subscribe\",\"result\":{\"channel\":\"book\",\"depth\":\(depth),\"snapshot\":true,\"symbol\":\"\(entry.name)\"},\"success\":true,\"time_in\":\"\(now)\",\"time_out\":\"\(now)\"}", to: id)
            subscribers[id]?.symbols.insert(entry.name)
            let top = book.truncated(to: Self.krakenDepth)
            send(krakenMessage(entry, type: "snapshot", bids: Array(top.levels(.buy)), asks: Array(top.levels(.sell)), top: top, time: nil), to: id)
        }
    }

    /// The update after a step: the top-10 levels that changed, removals of levels gone from the book (levels
    /// that only fell below the top 10 are not sent: clients truncate), and the checksum. `nil` when the top
    /// 10 did not change.
    func krakenUpdate(_ entry: inout Market, now: Int64) -> String? {
        let book = entry.market.book
        let top = book.truncated(to: Self.krakenDepth)
        defer { entry.krakenTop = top }
        var changed: [Side: [L2Level]] = [.buy: [], .sell: []]
        for side in [Side.buy, .sell] {
            let old = Dictionary(uniqueKeysWithValues: entry.krakenTop.levels(side).map { ($0.price, $0.quantity) })
            let new = Dictionary(uniqueKeysWithValues: top.levels(side).map { ($0.price, $0.quantity) })
            for level in top.levels(side) where old[level.price] != level.quantity { changed[side]?.append(level) }
            for level in entry.krakenTop.levels(side) where new[level.price] == nil && book.quantity(side, at: level.price).rawValue == 0 {
                changed[side]?.append(L2Level(price: level.price, quantity: .zero))
            }
        }
        guard !(changed[.buy]?.isEmpty ?? true) || !(changed[.sell]?.isEmpty ?? true) else { return nil }
        return krakenMessage(entry, type: "update", bids: changed[.buy] ?? [], asks: changed[.sell] ?? [], top: top, time: now)
    }

    func krakenMessage(_ entry: Market, type: String, bids: [L2Level], asks: [L2Level], top: L2Book, time: Int64?) -> String {
        let instrument = entry.market.instrument
        func levels(_ levels: [L2Level]) -> String {
            "[" + levels.map {
                "{\"price\":\(krakenNumber($0.price.rawValue, instrument.priceScale)),\"qty\":\(krakenNumber($0.quantity.rawValue, instrument.sizeScale))}"
            }.joined(separator: ",") + "]"
        }
        let checksum = KrakenV2Replay.checksum(
            top, scales: DecimalScales(price: instrument.priceScale, size: instrument.sizeScale),
            priceDecimals: instrument.priceScale, quantityDecimals: instrument.sizeScale)
        let timestamp = time.map { ",\"timestamp\":\"\(Timestamp.iso($0))\"" } ?? ""
        return "{\"channel\":\"book\",\"type\":\"\(type)\",\"data\":[{\"symbol\":\"\(entry.name)\",\"bids\":\(levels(bids)),"
            + "\"asks\":\(levels(asks)),\"checksum\":\(checksum)\(timestamp)}]}"
    }

    /// A JSON number as Kraken prints it (canonical decimal: `60000.1`, `0.0005`).
    func krakenNumber(_ raw: Int64, _ scale: Int) -> String { FixedPoint.format(raw, scale: scale) }
}
