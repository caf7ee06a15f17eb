import Aggregator
import BourseCore
import BourseTesting
import Feeds
import Foundation
import Testing
import Trading

/// The trader book as users watch it: the aggregator's snapshot feeds a real market maker, whose book is served
/// as JSON and drawn by `bourse watch --trader`.
@Suite("Trader book views", .serialized, .timeLimit(.minutes(3)))
struct TraderBookViewTests {
    @Test("a strategy quoting on the live snapshot is served at /trader/<symbol> and drawn by bourse watch --trader")
    func traderBook() async throws {
        try await AggregatorTests().withAggregator { _, server, _, http in
            let aggregator = try #require(server.aggregators.first)
            // The trading snapshot fills once the venues are live: both sides, net rows, every venue fresh.
            let deadline = ContinuousClock.now + .seconds(30)
            var snapshot = aggregator.snapshots.current.value
            while (snapshot.bids.isEmpty || snapshot.asks.isEmpty || !snapshot.venues.allSatisfy(\.isLive)) && ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
                snapshot = aggregator.snapshots.current.value
            }
            #expect(!snapshot.netAsks.isEmpty && !snapshot.netBids.isEmpty)
            #expect(snapshot.venues.allSatisfy { WallClock.nanoseconds() - $0.updatedAt < 10_000_000_000 })
            let tick: Int64 = 100_000_000  // 0.01 at the book's price scale 10
            var strategy = try LadderMarketMaker(
                configuration: LadderMarketMaker.Configuration(
                    levels: 3, baseSpacing: 2 * tick, tick: tick, lot: 10_000, touchSize: 100_000, volatilityReference: 50,
                    participationPercent: 100, maxQuoteSize: 10_000_000, maxPosition: 5_000_000, skewSpacing: 4 * tick,
                    requoteThreshold: tick))
            let quoted = strategy.quote(
                StrategyInput(symbol: "BTC/USDT", bids: snapshot.bids, asks: snapshot.asks, position: 0, now: WallClock.nanoseconds()))
            let book = try #require(quoted)
            #expect(!book.bids.isEmpty && !book.asks.isEmpty)
            aggregator.traderBooks.publish(book)

            let body = try await HTTPFetcher().get("http://127.0.0.1:\(http)/trader/BTC-USDT")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
            #expect(json["generation"] as? Int == Int(book.generation))
            let bids = try #require(json["bids"] as? [[String: String]])
            let firstBid = FixedPoint.format(book.bids[0].price.rawValue, scale: 10)
            #expect(bids.first?["price"] == firstBid)

            let binary = try #require(ScriptRunner.bourseExecutable(), "build the bourse executable first")
            let (status, output) = try await ScriptRunner.run(
                [binary.path, "watch", "--trader", "--plain", "--frames", "1", "--http-port", String(http)],
                in: ScriptRunner.packageRoot(testFile: #filePath), timeout: .seconds(30))
            #expect(status == 0, "\(output)")
            #expect(output.contains("trader book BTC/USDT #\(book.generation)"), "\(output)")
            #expect(output.contains(firstBid), "\(output)")
        }
    }
}
