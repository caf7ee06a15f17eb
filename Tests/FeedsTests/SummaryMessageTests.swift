@testable import Aggregator
import AggregatorAPI
import BourseCore
import ConsolidatedBook
import Foundation
import Testing

/// The gRPC summary carries what the JSON summary does, cross-venue opportunities included.
@Suite("gRPC summary message")
struct SummaryMessageTests {
    @Test("a cross-venue opportunity reaches the gRPC Summary with its exact texts")
    func crosses() throws {
        let json = """
            {"symbol":"BTC/USDT","spread":"-0.02","bids":[{"exchange":"okx","price":"100.03","amount":"1.5"}],\
            "asks":[{"exchange":"binance","price":"100.01","amount":"0.25"}],"venues":[],\
            "crosses":[{"buyExchange":"binance","askPrice":"100.01","sellExchange":"okx","bidPrice":"100.03",\
            "quantity":"0.25","grossEdge":"0.02","netEdge":"-0.18004"}],"timestamp":1,"sequence":7}
            """
        let summary = try JSONDecoder().decode(AggregatedSummary.self, from: Data(json.utf8))
        let message = SummaryService.message(summary, levels: 10)
        try #require(message.crosses.count == 1)
        let cross = message.crosses[0]
        #expect(cross.buyExchange == "binance" && cross.askPriceText == "100.01")
        #expect(cross.sellExchange == "okx" && cross.bidPriceText == "100.03")
        #expect(cross.quantityText == "0.25" && cross.grossEdgeText == "0.02" && cross.netEdgeText == "-0.18004")
        #expect(message.spreadText == "-0.02" && message.spread == -0.02)
        // The classic fields stay as they were.
        #expect(message.bids.first?.price == 100.03 && message.asks.first?.amount == 0.25)
        // It survives the wire: encode and decode the protobuf.
        let decoded = try Orderbook_Summary(serializedBytes: try message.serializedBytes() as [UInt8])
        #expect(decoded.crosses == message.crosses)
    }

    /// A random summary: awkward names (empty, non-ASCII, longer than 127 bytes), values at every scale, some
    /// beyond 64 bits (the text fallback), negative and zero numbers, missing spread.
    static func randomSummary(_ g: inout SeededGenerator) -> AggregatedSummary {
        let names = ["", "binance", "coinbase", "bitstamp-ü", "okx", String(repeating: "x", count: 200), "日本"]
        func decimal() -> ExactDecimal {
            let scale = Int.random(in: 0...20, using: &g)
            switch Int.random(in: 0...4, using: &g) {
            case 0: return ExactDecimal(significand: 0, scale: scale)
            case 1: return ExactDecimal(significand: Int128(Int64.random(in: Int64.min...Int64.max, using: &g)) * 1_000, scale: scale)
            default: return ExactDecimal(significand: Int128(Int64.random(in: -1_000_000_000_000...1_000_000_000_000, using: &g)), scale: scale)
            }
        }
        func rows() -> [AggregatedSummary.Row] {
            (0..<Int.random(in: 0...25, using: &g)).map { _ in
                AggregatedSummary.Row(exchange: names.randomElement(using: &g)!, price: decimal(), amount: decimal())
            }
        }
        let venues = (0..<Int.random(in: 0...5, using: &g)).map { _ in
            AggregatedSummary.Venue(
                exchange: names.randomElement(using: &g)!, state: ["live", "stale", ""].randomElement(using: &g)!,
                included: Bool.random(using: &g), exchangeTime: Int64.random(in: -5...Int64.max, using: &g),
                receiveTime: Int64.random(in: 0...Int64.max / 2, using: &g), messages: Int.random(in: 0...Int.max, using: &g),
                gaps: Int.random(in: 0...3, using: &g), resyncs: Int.random(in: 0...1, using: &g), lastError: nil)
        }
        let crosses = (0..<Int.random(in: 0...3, using: &g)).map { _ in
            AggregatedSummary.Cross(
                buyExchange: names.randomElement(using: &g)!, askPrice: decimal(), sellExchange: names.randomElement(using: &g)!,
                bidPrice: decimal(), quantity: decimal(), grossEdge: decimal(), netEdge: decimal())
        }
        return AggregatedSummary(
            symbol: ["BTC/USDT", "", "ETH/BTC"].randomElement(using: &g)!, spread: Bool.random(using: &g) ? decimal() : nil,
            bids: rows(), asks: rows(), venues: venues, crosses: crosses,
            timestamp: Int64.random(in: Int64.min...Int64.max, using: &g), sequence: UInt64.random(in: 0...1_000, using: &g))
    }

    @Test("the direct protobuf writer gives SwiftProtobuf's bytes, on 3,000 random summaries")
    func wireEqualsSwiftProtobuf() throws {
        var g = SeededGenerator(seed: 21)
        var withConflated = 0
        for _ in 0..<3_000 {
            let summary = Self.randomSummary(&g)
            let levels = Int.random(in: 0...30, using: &g)
            let conflated: UInt64 = Bool.random(using: &g) ? 0 : UInt64.random(in: 1...UInt64.max, using: &g)
            let model = SummaryService.message(summary, levels: levels, conflated: conflated)
            var bytes = SummaryWire.encode(summary, levels: levels)
            if conflated == 0 {
                #expect(bytes == (try model.serializedBytes() as [UInt8]))
            }
            SummaryWire.appendConflated(conflated, to: &bytes)
            let decoded = try Orderbook_Summary(serializedBytes: bytes)
            #expect(decoded == model)
            if conflated != 0 { withConflated += 1 }
        }
        #expect(withConflated > 1_000)
    }

    @Test("an encoder that reuses unchanged rows and venues gives the same bytes, on 3,000 summaries that evolve step by step")
    func encoderReusesRows() throws {
        var g = SeededGenerator(seed: 22)
        var encoder = SummaryWire.Encoder()
        var summary = Self.randomSummary(&g)
        var reusedSteps = 0
        for _ in 0..<3_000 {
            // Small moves most of the time (what a frame does), sometimes a different summary altogether.
            let before = summary
            switch Int.random(in: 0...8, using: &g) {
            case 0 where !summary.bids.isEmpty:
                let i = Int.random(in: 0..<summary.bids.count, using: &g)
                summary.bids[i].amount = ExactDecimal(significand: Int128(Int.random(in: 1...1_000_000, using: &g)), scale: 8)
            case 1:
                let other = Self.randomSummary(&g)
                if let row = other.asks.first {
                    summary.asks.insert(row, at: Int.random(in: 0...summary.asks.count, using: &g))
                }
            case 2 where !summary.asks.isEmpty:
                summary.asks.remove(at: Int.random(in: 0..<summary.asks.count, using: &g))
            case 3 where summary.bids.count > 1:
                summary.bids.swapAt(0, summary.bids.count - 1)
            case 4 where !summary.bids.isEmpty:
                // The same row on both sides (a crossed moment): each side must reuse its own field.
                summary.asks.insert(summary.bids[0], at: 0)
            case 5:
                summary = Self.randomSummary(&g)
            case 6 where !summary.crosses.isEmpty:
                summary.crosses[Int.random(in: 0..<summary.crosses.count, using: &g)].quantity =
                    ExactDecimal(significand: Int128(Int.random(in: 1...1_000, using: &g)), scale: 8)
            case 7 where !summary.venues.isEmpty:
                // One venue's frame: its counters and times move, the other venues' fields are reused.
                let i = Int.random(in: 0..<summary.venues.count, using: &g)
                summary.venues[i].messages += 1
                summary.venues[i].receiveTime &+= Int64.random(in: 1...1_000_000, using: &g)
            default:
                summary.timestamp &+= 1
            }
            let levels = Int.random(in: 5...30, using: &g)
            if before.bids.prefix(levels).contains(where: { summary.bids.prefix(levels).contains($0) }) { reusedSteps += 1 }
            let bytes = encoder.encode(summary, levels: levels)
            let expected: [UInt8] = try SummaryService.message(summary, levels: levels).serializedBytes()
            if bytes != expected {
                Issue.record("the encoder's bytes differ from SwiftProtobuf's at \(summary)")
                return
            }
        }
        // Most steps had rows to reuse.
        #expect(reusedSteps > 1_000)
    }
}
