import BourseCore
import Foundation

/// The client's copy of one symbol's `orderBookL2` stream (rows keyed by id; `update`/`delete` rows may omit
/// the price), enough to show the best bid and ask. Prices and sizes stay exact decimal strings; they are
/// compared as fixed-point numbers.
struct TopOfBook {
    struct Level {
        var side: Side
        var price: String
        var size: String
        var sortKey: Int64
    }

    private(set) var levels: [Int64: Level] = [:]

    /// Applies one `orderBookL2` message's action and rows.
    mutating func apply(action: String, rows: [[String: Any]]) {
        if action == "partial" { levels.removeAll() }
        for row in rows {
            guard let id = (row["id"] as? NSNumber)?.int64Value else { continue }
            switch action {
            case "delete":
                levels[id] = nil
            case "partial", "insert":
                guard let side = Self.side(row["side"]), let price = row["price"] as? String,
                    let size = row["size"] as? String, let key = Self.key(price)
                else { continue }
                levels[id] = Level(side: side, price: price, size: size, sortKey: key)
            default:  // update: size only
                if let size = row["size"] as? String { levels[id]?.size = size }
            }
        }
    }

    var bestBid: Level? { levels.values.filter { $0.side == .buy }.max { $0.sortKey < $1.sortKey } }
    var bestAsk: Level? { levels.values.filter { $0.side == .sell }.min { $0.sortKey < $1.sortKey } }

    /// One line: best bid and ask with sizes, and the spread.
    var summary: String {
        let bid = bestBid.map { "\($0.price) x \($0.size)" } ?? "-"
        let ask = bestAsk.map { "\($0.price) x \($0.size)" } ?? "-"
        var spread = ""
        if let b = bestBid, let a = bestAsk { spread = "  spread \(FixedPoint.format(a.sortKey - b.sortKey, scale: Self.scale))" }
        return "bid \(bid) | ask \(ask)\(spread)"
    }

    /// Prices are compared at 10 decimals (more than any instrument uses).
    static let scale = 10

    static func key(_ price: String) -> Int64? { try? FixedPoint.parse(price, scale: scale) }

    static func side(_ value: Any?) -> Side? {
        switch value as? String {
        case "Buy": .buy
        case "Sell": .sell
        default: nil
        }
    }
}
