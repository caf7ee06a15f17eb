import Feeds
import Foundation

/// `bourse watch --trader`: the strategy's trader book (its intended quotes), read from the aggregator's
/// `GET /trader/<symbol>` twice a second and drawn as a ladder; a new generation is drawn when it changes.
struct TraderWatch {
    let host: String
    let port: Int
    let symbol: String?
    let frames: Int
    let interactive: Bool

    struct Book: Decodable {
        struct Row: Decodable {
            var price: String
            var amount: String
        }
        var symbol: String
        var generation: UInt64
        var mid: String
        var volatility_millionths: Int64?
        var bids: [Row]
        var asks: [Row]
    }

    func run() async throws {
        let fetcher = HTTPFetcher(timeout: .seconds(3))
        let base = "http://\(host):\(port)"
        var name = symbol
        if name == nil {
            let symbols = try JSONDecoder().decode([String].self, from: Data(try await fetcher.get(base + "/symbols")))
            name = symbols.first
        }
        guard let name else { throw DemoError("the aggregator follows no symbol") }
        let path = base + "/trader/" + name.replacingOccurrences(of: "/", with: "-")
        var shown = 0
        var last: UInt64?
        while !Task.isCancelled {
            let body = try await fetcher.get(path)
            if let book = try? JSONDecoder().decode(Book.self, from: Data(body)), book.generation != last {
                last = book.generation
                shown += 1
                let text = Self.render(book)
                FileHandle.standardOutput.write(Data(((interactive ? "\u{1B}[H\u{1B}[2J" : "") + text + "\n").utf8))
                if frames > 0 && shown >= frames { return }
            }
            try await Task.sleep(for: .milliseconds(500))
        }
    }

    static func render(_ book: Book) -> String {
        var lines = ["trader book \(book.symbol) #\(book.generation)  mid \(book.mid)  volatility \(book.volatility_millionths.map { "\($0)e-6" } ?? "-")"]
        lines.append("       size          bid  |  ask          size")
        for i in 0..<max(book.bids.count, book.asks.count) {
            let bid = i < book.bids.count ? book.bids[i] : nil
            let ask = i < book.asks.count ? book.asks[i] : nil
            let left = (bid.map { $0.amount.leftPadded(11) + "  " + $0.price.leftPadded(11) } ?? String(repeating: " ", count: 24))
            let right = ask.map { $0.price.rightPadded(11) + "  " + $0.amount.rightPadded(11) } ?? ""
            lines.append(left + "  |  " + right)
        }
        return lines.joined(separator: "\n")
    }
}

extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
    func rightPadded(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
