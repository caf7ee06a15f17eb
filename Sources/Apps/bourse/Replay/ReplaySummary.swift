import BourseCore
import Feeds
import MarketData
import OrderBook

/// The end state of a replay, printable as JSON or text.
struct ReplaySummary {
    let venue: String
    let symbol: String
    let counters: BookSyncCounters
    let errors: Int
    let firstError: MarketDataError?
    let bids: [L2Level]
    let asks: [L2Level]
    /// Decimals of the venue's fixed-point prices and sizes.
    let scales: DecimalScales

    init(venue: String, symbol: String, replay: any BookReplay, depth: Int) {
        self.init(
            venue: venue, symbol: symbol, book: replay.currentBook, depth: depth, counters: replay.counters,
            scales: replay.scales, errors: replay.errors, firstError: replay.firstError)
    }

    init(venue: String, symbol: String, driver: some VenueDriver, depth: Int) {
        self.init(
            venue: venue, symbol: symbol, book: driver.book, depth: depth, counters: driver.syncCounters,
            scales: driver.scales, errors: driver.parseErrors, firstError: nil)
    }

    private init(
        venue: String, symbol: String, book: L2Book, depth: Int, counters: BookSyncCounters, scales: DecimalScales,
        errors: Int, firstError: MarketDataError?
    ) {
        self.venue = venue
        self.symbol = symbol
        self.counters = counters
        self.scales = scales
        self.errors = errors
        self.firstError = firstError
        bids = book.top(.buy, depth)
        asks = book.top(.sell, depth)
    }

    func levelsJSON(_ levels: [L2Level]) -> String {
        "["
            + levels.map {
                "[\"\(FixedPoint.format($0.price.rawValue, scale: scales.price))\","
                    + "\"\(FixedPoint.format($0.quantity.rawValue, scale: scales.size))\"]"
            }.joined(separator: ",") + "]"
    }

    func json() -> String {
        let fields: [(String, String)] = [
            ("venue", Self.quoted(venue)), ("symbol", Self.quoted(symbol)),
            ("messages", "\(counters.messages)"), ("applied", "\(counters.applied)"),
            ("dropped", "\(counters.dropped)"), ("gaps", "\(counters.gaps)"), ("resyncs", "\(counters.resyncs)"),
            ("refetches", "\(counters.refetches)"), ("snapshots", "\(counters.snapshots)"),
            ("crossed", "\(counters.crossed)"), ("errors", "\(errors)"),
            ("last_update_id", "\(counters.lastUpdateId)"),
            ("bids", levelsJSON(bids)), ("asks", levelsJSON(asks)),
        ]
        return "{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    /// `text` as a JSON string literal.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    func text() -> String {
        var lines = [
            "\(venue) \(symbol): \(counters.messages) messages, \(counters.applied) applied, \(counters.dropped) dropped, "
                + "\(counters.gaps) gaps, \(counters.resyncs) resyncs, \(counters.crossed) crossed, \(errors) errors, "
                + "last update id \(counters.lastUpdateId)"
        ]
        if let firstError { lines.append("first error: \(firstError)") }
        let rows = max(bids.count, asks.count)
        for i in 0..<rows {
            let bid = i < bids.count ? format(bids[i]) : ""
            let ask = i < asks.count ? format(asks[i]) : ""
            lines.append(bid.padding(toLength: 40) + ask)
        }
        return lines.joined(separator: "\n")
    }

    func format(_ level: L2Level) -> String {
        FixedPoint.format(level.quantity.rawValue, scale: scales.size) + " @ "
            + FixedPoint.format(level.price.rawValue, scale: scales.price)
    }
}

extension String {
    fileprivate func padding(toLength length: Int) -> String {
        count >= length ? self + " " : self + String(repeating: " ", count: length - count)
    }
}
