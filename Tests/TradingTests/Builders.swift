import BourseCore
import ConsolidatedBook
import Trading

/// Small builders shared by the trading tests.
enum Make {
    /// A consolidated level from raw integers (the strategy reads only price and total).
    static func level(_ price: Int64, _ size: Int64) -> ConsolidatedLevel {
        ConsolidatedLevel(price: Price(price), total: Quantity(size), venues: [])
    }

    /// An input from `(price, size)` pairs, best first.
    static func input(
        bids: [(Int64, Int64)], asks: [(Int64, Int64)], position: Int64 = 0, now: Int64 = 0
    ) -> StrategyInput {
        StrategyInput(
            symbol: "BTC/USD", bids: bids.map { level($0.0, $0.1) }, asks: asks.map { level($0.0, $0.1) },
            position: position, now: now)
    }

    /// A deep, uniform book: `depth` levels per side every `step`, the best bid at `bestBid`, the best ask
    /// at `bestAsk`, each level `size`.
    static func deepInput(
        bestBid: Int64, bestAsk: Int64, step: Int64 = 5, depth: Int = 400, size: Int64 = 1_000_000,
        position: Int64 = 0, now: Int64 = 0
    ) -> StrategyInput {
        input(
            bids: (0..<depth).map { (bestBid - Int64($0) * step, size) },
            asks: (0..<depth).map { (bestAsk + Int64($0) * step, size) }, position: position, now: now)
    }

    /// The configuration most tests use: tick 5, spacing 20, lot 10, touch 100, +50 % per level, volatility
    /// reference 1000 millionths (0.1 %), participation 25 %, max position 1000, skew 50 at max position,
    /// requote beyond 10.
    static func configuration(
        levels: Int = 5, baseSpacing: Int64 = 20, tick: Int64 = 5, lot: Int64 = 10, touchSize: Int64 = 100,
        sizeGrowthPercent: Int64 = 50, volatilityReference: Int64 = 1000, participationPercent: Int64 = 25,
        maxQuoteSize: Int64 = 100_000, maxPosition: Int64 = 1000, skewSpacing: Int64 = 50,
        requoteThreshold: Int64 = 10, requoteSizePercent: Int64 = 25, volatilityWindow: Int = 16
    ) -> LadderMarketMaker.Configuration {
        do {
            return try LadderMarketMaker.Configuration(
                levels: levels, baseSpacing: baseSpacing, tick: tick, lot: lot, touchSize: touchSize,
                sizeGrowthPercent: sizeGrowthPercent, volatilityReference: volatilityReference,
                participationPercent: participationPercent, maxQuoteSize: maxQuoteSize, maxPosition: maxPosition,
                skewSpacing: skewSpacing, requoteThreshold: requoteThreshold, requoteSizePercent: requoteSizePercent,
                volatilityWindow: volatilityWindow)
        } catch {
            preconditionFailure("\(error)")
        }
    }

    /// A market maker with the given configuration (by default the shared test configuration).
    static func maker(_ configuration: LadderMarketMaker.Configuration = configuration()) -> LadderMarketMaker {
        do { return try LadderMarketMaker(configuration: configuration) } catch { preconditionFailure("\(error)") }
    }

    /// `(price, size)` of a side's quotes, for readable expectations.
    static func pairs(_ quotes: [TraderQuote]) -> [[Int64]] {
        quotes.map { [$0.price.rawValue, $0.quantity.rawValue] }
    }
}
