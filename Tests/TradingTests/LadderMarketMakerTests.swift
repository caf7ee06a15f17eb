import BourseCore
import ConsolidatedBook
import Testing
import Trading

@Suite("LadderMarketMaker ladder")
struct LadderMarketMakerTests {
    @Test("a ladder worked by hand: grid, spacing, half spread and growing sizes")
    func handLadder() {
        let maker = Make.maker()
        let input = Make.deepInput(bestBid: 99_995, bestAsk: 100_005)
        #expect(maker.referenceMid(input) == 100_000)
        let book = maker.targetBook(for: input, volatility: 0)
        #expect(book.mid == Price(100_000))
        #expect(
            Make.pairs(book.bids) == [[99_990, 100], [99_970, 150], [99_950, 220], [99_930, 330], [99_910, 500]])
        #expect(
            Make.pairs(book.asks) == [
                [100_010, 100], [100_030, 150], [100_050, 220], [100_070, 330], [100_090, 500],
            ])
        #expect(book.bids.map(\.level) == [0, 1, 2, 3, 4])
        #expect(book.generation == 1)
        // The mid rounds to the nearest tick, half up: (99_995 + 100_000) / 2 = 99_997.5 -> 100_000.
        #expect(maker.referenceMid(Make.deepInput(bestBid: 99_995, bestAsk: 100_000)) == 100_000)
        #expect(maker.referenceMid(Make.deepInput(bestBid: 99_990, bestAsk: 100_000)) == 99_995)
        #expect(maker.referenceMid(Make.deepInput(bestBid: 99_991, bestAsk: 99_996)) == 99_995, "99_993.5")
    }

    @Test("higher volatility: a wider and thinner ladder (worked by hand at vol = reference)")
    func volatilityWidensAndThins() {
        let maker = Make.maker()
        let input = Make.deepInput(bestBid: 99_995, bestAsk: 100_005)
        let calm = maker.targetBook(for: input, volatility: nil)
        let stressed = maker.targetBook(for: input, volatility: 1000)
        #expect(
            Make.pairs(stressed.bids) == [[99_980, 50], [99_940, 70], [99_900, 110], [99_860, 160], [99_820, 250]])
        #expect(
            Make.pairs(stressed.asks) == [
                [100_020, 50], [100_060, 70], [100_100, 110], [100_140, 160], [100_180, 250],
            ])
        let zero = maker.targetBook(for: input, volatility: 0)
        #expect(calm.bids == zero.bids && calm.asks == zero.asks, "not ready counts as zero")
        #expect(calm.volatility == nil && zero.volatility == 0, "the book says what it was built with")
        let negative = maker.targetBook(for: input, volatility: -5)
        #expect(negative.bids == zero.bids && negative.asks == zero.asks)
    }

    @Test("two runs: an oscillating market quotes wider and thinner than a calm one on the same final book")
    func twoRuns() throws {
        let final = Make.deepInput(bestBid: 99_995, bestAsk: 100_005)
        var calm = Make.maker()
        var stormy = Make.maker()
        var calmBook: TraderBook?
        var stormyBook: TraderBook?
        for step in 0..<20 {
            calmBook = calm.quote(final) ?? calmBook
            let swing: Int64 = step % 2 == 0 ? 100 : -100
            let input = step == 19 ? final : Make.deepInput(bestBid: 99_995 + swing, bestAsk: 100_005 + swing)
            stormyBook = stormy.quote(input) ?? stormyBook
        }
        let quiet = try #require(calmBook)
        let wild = try #require(stormyBook)
        #expect(quiet.volatility == nil, "built on the first mid, before the estimate was ready")
        #expect(calm.volatility.basisPoints == 0, "constant mids since")
        #expect((wild.volatility ?? 0) > 1000)
        #expect(wild.mid == quiet.mid)
        #expect(wild.bids.count == quiet.bids.count && wild.asks.count == quiet.asks.count)
        let quietSpread = quiet.asks[0].price.rawValue - quiet.bids[0].price.rawValue
        let wildSpread = wild.asks[0].price.rawValue - wild.bids[0].price.rawValue
        #expect(wildSpread > quietSpread)
        #expect(wild.bids.last?.price ?? Price(.max) < quiet.bids.last?.price ?? .zero, "deeper ladder")
        for (w, q) in zip(wild.bids + wild.asks, quiet.bids + quiet.asks) {
            #expect(w.level == q.level)
            #expect(w.quantity < q.quantity, "level \(w.level): \(w.quantity) vs \(q.quantity)")
        }
    }

    @Test("sizes never shrink away from the touch while the book is deep")
    func sizesGrow() {
        for growth: Int64 in [0, 1, 10, 50, 200] {
            let maker = Make.maker(Make.configuration(levels: 10, lot: 1, touchSize: 7, sizeGrowthPercent: growth))
            for vol: Int64 in [0, 300, 5_000] {
                let book = maker.targetBook(for: Make.deepInput(bestBid: 99_995, bestAsk: 100_005), volatility: vol)
                for side in [book.bids, book.asks] {
                    #expect(side.count == 10)
                    let sizes = side.map(\.quantity.rawValue)
                    #expect(sizes == sizes.sorted(), "growth \(growth) vol \(vol): \(sizes)")
                    if growth >= 50 && vol == 0 { #expect(sizes.last ?? 0 > sizes.first ?? 0) }
                }
            }
        }
    }

    @Test("a long position shifts the ladder down, a short one up; at the limit the growing side stops")
    func positionSkew() {
        let maker = Make.maker()
        let flat = maker.targetBook(for: Make.deepInput(bestBid: 99_995, bestAsk: 100_005), volatility: 0)
        let long = maker.targetBook(
            for: Make.deepInput(bestBid: 99_995, bestAsk: 100_005, position: 500), volatility: 0)
        // skew = 500 * 50 / 1000 = 25: every quote 25 lower.
        #expect(long.bids.map(\.price.rawValue) == flat.bids.map { $0.price.rawValue - 25 })
        #expect(long.asks.map(\.price.rawValue) == flat.asks.map { $0.price.rawValue - 25 })
        let short = maker.targetBook(
            for: Make.deepInput(bestBid: 99_995, bestAsk: 100_005, position: -500), volatility: 0)
        #expect(short.bids.map(\.price.rawValue) == flat.bids.map { $0.price.rawValue + 25 })
        #expect(short.asks.map(\.price.rawValue) == flat.asks.map { $0.price.rawValue + 25 })
        // 300 * 50 / 1000 = 15; 10 * 50 / 1000 = 0 (truncated to the grid).
        let small = maker.targetBook(
            for: Make.deepInput(bestBid: 99_995, bestAsk: 100_005, position: 300), volatility: 0)
        #expect(small.bids[0].price.rawValue == 99_975)
        let tiny = maker.targetBook(for: Make.deepInput(bestBid: 99_995, bestAsk: 100_005, position: 10), volatility: 0)
        #expect(Make.pairs(tiny.bids) == Make.pairs(flat.bids))

        for position: Int64 in [1000, 1001, 50_000] {
            let atLimit = maker.targetBook(
                for: Make.deepInput(bestBid: 99_995, bestAsk: 100_005, position: position), volatility: 0)
            #expect(atLimit.bids.isEmpty, "position \(position): no more buying")
            #expect(atLimit.asks.map(\.price.rawValue) == flat.asks.map { $0.price.rawValue - 50 }, "full skew")
            let shortLimit = maker.targetBook(
                for: Make.deepInput(bestBid: 99_995, bestAsk: 100_005, position: -position), volatility: 0)
            #expect(shortLimit.asks.isEmpty)
            #expect(shortLimit.bids.map(\.price.rawValue) == flat.bids.map { $0.price.rawValue + 50 })
        }
        let below = maker.targetBook(
            for: Make.deepInput(bestBid: 99_995, bestAsk: 100_005, position: 999), volatility: 0)
        #expect(below.bids.count == 5)
    }

    @Test("sizes are capped by the participation share of the size at or beyond each price (worked by hand)")
    func participationByHand() {
        let maker = Make.maker(Make.configuration(participationPercent: 10))
        let input = Make.input(
            bids: [(99_995, 40), (99_985, 200), (99_960, 1000)], asks: [(100_005, 40), (100_015, 200), (100_040, 1000)])
        let book = maker.targetBook(for: input, volatility: 0)
        // bid 99_990 sees 200 + 1000 -> 120 (touch 100 stands); 99_970 sees 1000 -> 100 (cuts 150);
        // 99_950 and deeper see nothing: skipped.
        #expect(Make.pairs(book.bids) == [[99_990, 100], [99_970, 100]])
        #expect(Make.pairs(book.asks) == [[100_010, 100], [100_030, 100]])
        #expect(LadderMarketMaker.observedSize(.buy, atOrBeyond: 99_985, in: input.bids) == 1200)
        #expect(LadderMarketMaker.observedSize(.sell, atOrBeyond: 100_041, in: input.asks) == 0)
    }

    @Test("an empty side withdraws; a crossed book is quoted around its midpoint without crossing ourselves")
    func emptyAndCrossed() {
        let maker = Make.maker()
        let oneSided = Make.input(bids: [(99_995, 1000)], asks: [])
        #expect(maker.targetBook(for: oneSided, volatility: 0).isEmpty)
        #expect(maker.referenceMid(oneSided) == nil)
        let crossed = Make.deepInput(bestBid: 100_100, bestAsk: 99_900)
        let book = maker.targetBook(for: crossed, volatility: 0)
        #expect(book.mid == Price(100_000))
        #expect(!book.bids.isEmpty && !book.asks.isEmpty)
        #expect(!book.isCrossedWithItself)
        #expect(book.bids[0].price.rawValue == 99_990 && book.asks[0].price.rawValue == 100_010)
    }

    @Test("configurations out of range are refused")
    func configurationChecks() {
        func refused(_ make: () throws(TradingError) -> LadderMarketMaker.Configuration) -> Bool {
            do { _ = try make() } catch { return error.code == .invalidConfiguration }
            return false
        }
        let base = Make.configuration()
        #expect(base.levels == 5)
        #expect(
            refused { () throws(TradingError) in
                try .init(
                    levels: 0, baseSpacing: 20, tick: 5, lot: 10, touchSize: 100, volatilityReference: 1,
                    maxQuoteSize: 100, maxPosition: 1, skewSpacing: 0, requoteThreshold: 0)
            })
        #expect(
            refused { () throws(TradingError) in
                try .init(
                    baseSpacing: 20, tick: 0, lot: 10, touchSize: 100, volatilityReference: 1,
                    maxQuoteSize: 100, maxPosition: 1, skewSpacing: 0, requoteThreshold: 0)
            })
        #expect(
            refused { () throws(TradingError) in
                try .init(
                    baseSpacing: 20, tick: 5, lot: 10, touchSize: 5, volatilityReference: 1,
                    maxQuoteSize: 100, maxPosition: 1, skewSpacing: 0, requoteThreshold: 0)
            })
        #expect(
            refused { () throws(TradingError) in
                try .init(
                    baseSpacing: 20, tick: 5, lot: 10, touchSize: 100, volatilityReference: 1,
                    participationPercent: 0, maxQuoteSize: 100, maxPosition: 1, skewSpacing: 0, requoteThreshold: 0)
            })
        #expect(
            refused { () throws(TradingError) in
                try .init(
                    baseSpacing: 20, tick: 5, lot: 10, touchSize: 100, volatilityReference: 1,
                    maxQuoteSize: 100, maxPosition: 0, skewSpacing: 0, requoteThreshold: 0)
            })
        #expect(
            refused { () throws(TradingError) in
                try .init(
                    baseSpacing: 20, tick: 5, lot: 10, touchSize: 100, volatilityReference: 1,
                    maxQuoteSize: 100, maxPosition: 1, skewSpacing: 0, requoteThreshold: 0, volatilityWindow: 2)
            })
    }
}
