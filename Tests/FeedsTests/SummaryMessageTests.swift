import Aggregator
import AggregatorAPI
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
}
