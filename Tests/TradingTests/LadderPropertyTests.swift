import BourseCore
import ConsolidatedBook
import Testing
import Trading

@Suite("LadderMarketMaker invariants on random markets")
struct LadderPropertyTests {
    struct Scenario {
        var configuration: LadderMarketMaker.Configuration
        var input: StrategyInput
        var volatility: Int64?
    }

    static func scenario(_ generator: inout SeededGenerator) throws -> Scenario {
        let tick = Int64.random(in: 1...50, using: &generator)
        let lot = Int64.random(in: 1...100, using: &generator)
        let maxPosition = Int64.random(in: 1...10_000, using: &generator)
        let configuration = try LadderMarketMaker.Configuration(
            levels: Int.random(in: 1...10, using: &generator),
            baseSpacing: Int64.random(in: 1...500, using: &generator), tick: tick, lot: lot,
            touchSize: lot * Int64.random(in: 1...50, using: &generator),
            sizeGrowthPercent: Int64.random(in: 0...200, using: &generator),
            volatilityReference: Int64.random(in: 1...100_000, using: &generator),
            participationPercent: Int64.random(in: 1...100, using: &generator),
            maxQuoteSize: lot * Int64.random(in: 1...1000, using: &generator), maxPosition: maxPosition,
            skewSpacing: Int64.random(in: 0...1000, using: &generator),
            requoteThreshold: Int64.random(in: 0...100, using: &generator))
        let bestBid = Int64.random(in: 1...10_000_000, using: &generator)
        let bestAsk = bestBid + Int64.random(in: -200...500, using: &generator)
        func side(_ best: Int64, _ direction: Int64) -> [(Int64, Int64)] {
            var price = best
            var levels: [(Int64, Int64)] = []
            let depth = Int.random(in: 0...30, using: &generator) == 0 ? 0 : Int.random(in: 1...40, using: &generator)
            for _ in 0..<depth where price > 0 {
                levels.append((price, Int64.random(in: 1...100_000, using: &generator)))
                price += direction * Int64.random(in: 1...50, using: &generator)
            }
            return levels
        }
        let input = Make.input(
            bids: side(bestBid, -1), asks: side(max(1, bestAsk), 1),
            position: Int64.random(in: -2 * maxPosition...2 * maxPosition, using: &generator),
            now: Int64.random(in: 0...Int64.max, using: &generator))
        let volatility: Int64? = Bool.random(using: &generator) ? nil : Int64.random(in: 0...100_000, using: &generator)
        return Scenario(configuration: configuration, input: input, volatility: volatility)
    }

    /// Bids: consolidated size at or below the price; asks: at or above. Recomputed here on purpose.
    static func observed(_ quote: TraderQuote, _ input: StrategyInput) -> Int128 {
        let levels = quote.side == .buy ? input.bids : input.asks
        return levels.filter {
            quote.side == .buy ? $0.price <= quote.price : $0.price >= quote.price
        }.reduce(Int128(0)) { $0 + Int128($1.total.rawValue) }
    }

    @Test(
        "grid, lots, caps, ordering, no self-cross and the position limit hold on random markets",
        arguments: [UInt64(11), 12, 13, 14])
    func invariants(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        var quoted = 0
        for index in 0..<3_000 {
            let scenario = try Self.scenario(&generator)
            let config = scenario.configuration
            let input = scenario.input
            let maker = try LadderMarketMaker(configuration: config)
            let book = maker.targetBook(for: input, volatility: scenario.volatility)
            let label = "seed \(seed) case \(index)"
            #expect(book.createdAt == input.now && book.symbol == input.symbol)
            if input.bids.isEmpty || input.asks.isEmpty {
                #expect(book.isEmpty, "\(label): one-sided input withdraws")
                continue
            }
            quoted += book.isEmpty ? 0 : 1
            #expect(book.mid.rawValue % config.tick == 0, "\(label)")
            for quote in book.bids + book.asks {
                #expect(quote.price.rawValue % config.tick == 0, "\(label): \(quote) off the grid")
                #expect(quote.price.rawValue > 0, "\(label)")
                #expect(quote.quantity.rawValue % config.lot == 0, "\(label): \(quote) not whole lots")
                #expect(quote.quantity.rawValue >= config.lot, "\(label)")
                #expect(quote.quantity.rawValue <= config.maxQuoteSize, "\(label)")
                let share = Self.observed(quote, input) * Int128(config.participationPercent)
                #expect(Int128(quote.quantity.rawValue) * 100 <= share, "\(label): \(quote) over participation")
            }
            #expect(book.bids.allSatisfy { $0.side == .buy } && book.asks.allSatisfy { $0.side == .sell })
            #expect(zip(book.bids, book.bids.dropFirst()).allSatisfy { $0.price > $1.price && $0.level < $1.level })
            #expect(zip(book.asks, book.asks.dropFirst()).allSatisfy { $0.price < $1.price && $0.level < $1.level })
            if let bid = book.bids.first, let ask = book.asks.first {
                #expect(bid.price < ask.price, "\(label): \(bid) vs \(ask)")
            }
            #expect(!book.isCrossedWithItself, "\(label)")
            if input.position >= config.maxPosition { #expect(book.bids.isEmpty, "\(label)") }
            if input.position <= -config.maxPosition { #expect(book.asks.isEmpty, "\(label)") }
            #expect(book.bids.count <= config.levels && book.asks.count <= config.levels)
        }
        #expect(quoted > 500, "the random markets exercise real ladders (\(quoted))")
    }

    @Test("extreme prices, spacings, sizes, positions and volatility never trap and never cross")
    func extremes() throws {
        let configuration = try LadderMarketMaker.Configuration(
            levels: 100, baseSpacing: .max, tick: 1, lot: 1, touchSize: .max, sizeGrowthPercent: 1000,
            volatilityReference: 1, participationPercent: 100, maxQuoteSize: .max, maxPosition: .max,
            skewSpacing: .max, requoteThreshold: 0)
        var maker = try LadderMarketMaker(configuration: configuration)
        let books: [([(Int64, Int64)], [(Int64, Int64)])] = [
            ([(.max - 1, .max / 64)], [(.max, .max / 64)]), ([(1, 1)], [(2, 1)]), ([(.max, 1)], [(1, 1)]),
        ]
        for (bids, asks) in books {
            for position: Int64 in [.min, -1, 0, 1, .max] {
                let input = Make.input(bids: bids, asks: asks, position: position)
                for volatility: Int64? in [nil, 0, 1, .max] {
                    let book = maker.targetBook(for: input, volatility: volatility)
                    #expect(!book.isCrossedWithItself)
                    #expect((book.bids + book.asks).allSatisfy { $0.price.rawValue > 0 && $0.quantity.rawValue > 0 })
                }
                _ = maker.quote(input)
            }
        }
    }
}
