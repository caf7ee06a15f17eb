import ArgumentParser
import BourseCore
import ConsolidatedBook
import Foundation
import OrderBook
import Trading

/// `bourse bench route`: the trading hot path on a consolidated book of four venues — taking a
/// ``MarketSnapshot``, one strategy decision (``LadderMarketMaker/quote(_:)``) and one fill plan
/// (``FillPlanner/plan(side:limit:quantity:in:excluding:now:)``) — each timed over many iterations.
struct RouteBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "route", abstract: "Time snapshot, strategy and fill planning on a four-venue consolidated book.")

    @Option(help: "Iterations per measured step.")
    var iterations = 200_000

    @Option(help: "Levels per side on each venue.")
    var depth = 50

    func run() async throws {
        let scales = try BookScales(price: 10, size: 8)
        var book = try ConsolidatedBook(symbol: "BTC/USDT", scales: scales)
        var generator = SeededGenerator(seed: 11)
        let tick: Int64 = 100_000_000
        let mid: Int64 = 6_000_000 * tick
        var venues: [MarketSnapshot.Venue] = []
        let now = WallClock.nanoseconds()
        for (index, name) in ["binance", "coinbase", "bitstamp", "okx"].enumerated() {
            let id = try book.addVenue(VenueConfig(name: name, scales: scales, takerFeeBasisPoints: 10 + index * 5))
            var l2 = L2Book()
            for level in 0..<depth {
                let offset = Int64(level + 1 + index % 2) * tick
                l2.set(.buy, price: Price(mid - offset), quantity: Quantity(Int64.random(in: 1...500, using: &generator) * 10_000))
                l2.set(.sell, price: Price(mid + offset), quantity: Quantity(Int64.random(in: 1...500, using: &generator) * 10_000))
            }
            try book.update(id, health: VenueHealth(isLive: true, exchangeTime: now), book: l2)
            venues.append(MarketSnapshot.Venue(name: name, isLive: true, updatedAt: now, takerFeeBasisPoints: 10 + index * 5))
        }
        let n = iterations
        var sink = 0
        let snapshotNs = Self.time(n) {
            let snapshot = MarketSnapshot(book: book, depth: 20, venues: venues, sequence: 1, time: now)
            sink &+= snapshot.netAsks.count
        }
        let snapshot = MarketSnapshot(book: book, depth: 20, venues: venues, sequence: 1, time: now)
        let strategy = try LadderMarketMaker(
            configuration: LadderMarketMaker.Configuration(
                levels: 4, baseSpacing: 2 * tick, tick: tick, lot: 10_000, touchSize: 100_000, volatilityReference: 50,
                maxQuoteSize: 2_000_000, maxPosition: 5_000_000, skewSpacing: 4 * tick, requoteThreshold: 3 * tick))
        let quoteNs = Self.time(n) {
            let input = StrategyInput(symbol: "BTC/USDT", bids: snapshot.bids, asks: snapshot.asks, position: 0, now: now)
            sink &+= strategy.targetBook(for: input, volatility: strategy.volatility.basisPoints).bids.count
        }
        let planner = FillPlanner()
        let planNs = Self.time(n) {
            let plan = planner.plan(side: .buy, limit: Price(mid + 10 * tick), quantity: Quantity(20_000_000), in: snapshot, now: now)
            sink &+= plan.slices.count
        }
        let line = "{\"bench\":\"route\",\"venues\":4,\"depth\":\(depth),\"iterations\":\(n),"
            + "\"snapshot_ns\":\(snapshotNs),\"quote_ns\":\(quoteNs),\"plan_ns\":\(planNs),\"check\":\(sink % 1000)}"
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Mean nanoseconds of `body` over `n` runs.
    static func time(_ n: Int, _ body: () -> Void) -> Int {
        let start = ContinuousClock.now
        for _ in 0..<n { body() }
        let elapsed = ContinuousClock.now - start
        let ns = Double(elapsed.components.seconds) * 1e9 + Double(elapsed.components.attoseconds) / 1e9
        return Int(ns / Double(max(1, n)))
    }
}
