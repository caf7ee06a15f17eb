import BourseCore
import Feeds
import Foundation
import Hummingbird
import HummingbirdWebSocket
import MarketData
import Trading

/// The aggregator's HTTP side: `GET /book/<symbol>` (JSON summary), `GET /symbols`, `/ws/<symbol>` (a JSON
/// summary on every change, conflated: a slow client gets the newest) and the web page.
struct AggregatorRoutes: Sendable {
    let aggregators: [SymbolAggregator]
    let levels: Int
    /// The newest JSON summary per symbol, encoded once for every WebSocket client that sends it.
    let summaryJSON = SummaryCache(encoder: {}) { _, summary, levels in AggregatorRoutes.encode(summary, levels: levels) }

    typealias Context = BasicWebSocketRequestContext

    func aggregator(_ text: String) -> SymbolAggregator? {
        let decoded = text.removingPercentEncoding ?? text
        guard let symbol = CanonicalSymbol(decoded) else { return nil }
        return aggregators.first { $0.symbol == symbol }
    }

    static func json(_ data: Data, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func encode(_ summary: AggregatedSummary, levels: Int) -> Data {
        var trimmed = summary
        trimmed.bids = Array(summary.bids.prefix(levels))
        trimmed.asks = Array(summary.asks.prefix(levels))
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(trimmed)) ?? Data("{}".utf8)
    }

    /// A trader book as JSON with exact decimal prices and sizes (`null` when there is none).
    static func encode(_ book: TraderBook?) -> Data {
        guard let book else { return Data("null".utf8) }
        let scales = SymbolAggregator.scales
        func row(_ q: TraderQuote) -> [String: String] {
            ["price": FixedPoint.format(q.price.rawValue, scale: scales.price),
             "amount": FixedPoint.format(q.quantity.rawValue, scale: scales.size)]
        }
        struct View: Encodable {
            var symbol: String
            var generation: UInt64
            var mid: String
            var volatility_millionths: Int64?
            var created_at: Int64
            var bids: [[String: String]]
            var asks: [[String: String]]
        }
        let view = View(
            symbol: book.symbol, generation: book.generation, mid: FixedPoint.format(book.mid.rawValue, scale: scales.price),
            volatility_millionths: book.volatility, created_at: book.createdAt, bids: book.bids.map(row), asks: book.asks.map(row))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? encoder.encode(view)) ?? Data("null".utf8)
    }

    func register(on router: Router<Context>) {
        let levels = self.levels
        let symbols = aggregators.map(\.symbol.description)
        router.get("symbols") { _, _ in
            Self.json((try? JSONEncoder().encode(symbols)) ?? Data())
        }
        // `/book/BTC-USDT`, `/book/BTCUSDT`, `/book/BTC/USDT` (a catch-all: the symbol may contain a slash).
        router.get("book/**") { _, context -> Response in
            let text = context.parameters.getCatchAll().joined(separator: "/")
            guard let aggregator = aggregator(text) else {
                return Self.json(Data("{\"code\":\"unknown_symbol\",\"message\":\"not followed: \(text); see /symbols\"}".utf8), status: .notFound)
            }
            return Self.json(Self.encode(aggregator.summaries.current.value, levels: levels))
        }
        // Pipeline latency per symbol, measured on every frame since the start or the last reset.
        router.get("stats") { _, _ -> Response in
            Self.json(Data(PipelineLatency.report(aggregators).utf8))
        }
        router.post("stats/reset") { _, _ -> Response in
            for aggregator in aggregators { aggregator.latency.reset() }
            return Self.json(Data(PipelineLatency.report(aggregators).utf8))
        }
        // The strategy's trader book for a symbol: its quotes as exact decimals (`null` before the first).
        router.get("trader/**") { _, context -> Response in
            let text = context.parameters.getCatchAll().joined(separator: "/")
            guard let aggregator = aggregator(text) else {
                return Self.json(Data("{\"code\":\"unknown_symbol\",\"message\":\"not followed: \(text); see /symbols\"}".utf8), status: .notFound)
            }
            return Self.json(Self.encode(aggregator.traderBooks.current.value))
        }
        router.ws("ws/trader/:symbol", shouldUpgrade: { _, context in
            aggregator(context.parameters.get("symbol") ?? "") == nil ? .dontUpgrade : .upgrade([:])
        }) { inbound, outbound, context in
            guard let aggregator = aggregator(context.requestContext.parameters.get("symbol") ?? "") else { return }
            await Self.stream(aggregator.traderBooks, inbound: inbound, outbound: outbound) { Self.encode($0) }
        }
        router.get("") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: WebPage.html)))
        }
        router.ws("ws/:symbol", shouldUpgrade: { _, context in
            aggregator(context.parameters.get("symbol") ?? "") == nil ? .dontUpgrade : .upgrade([:])
        }) { inbound, outbound, context in
            guard let aggregator = aggregator(context.requestContext.parameters.get("symbol") ?? "") else { return }
            let cache = summaryJSON
            await Self.stream(aggregator.summaries, inbound: inbound, outbound: outbound) { summary in
                cache.output(summary, of: aggregator, levels: levels)
            }
        }
    }

    /// Sends every new value of `values` as a JSON text frame (conflated: a slow socket gets the newest) until
    /// the client closes; the client's own frames are ignored.
    static func stream<Value: Sendable>(
        _ values: LatestValue<Value>, inbound: WebSocketInboundStream, outbound: WebSocketOutboundWriter,
        encode: @escaping @Sendable (Value) -> Data
    ) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                var version: UInt64 = 0
                while let (value, next) = await values.next(after: version) {
                    version = next
                    do { try await outbound.write(.text(String(decoding: encode(value), as: UTF8.self))) } catch { break }
                }
            }
            do { for try await _ in inbound.messages(maxSize: 1 << 16) {} } catch {}
            group.cancelAll()
        }
    }
}
