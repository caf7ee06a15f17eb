import BourseCore
import ConsolidatedBook
import Execution
import OrderBook
import Testing
import Trading

/// A book at scales 2/4 with asks only.
func askBook(_ levels: [(Int64, Int64)]) -> L2Book {
    var book = L2Book()
    for (price, size) in levels { book.set(.sell, price: Price(price), quantity: Quantity(size)) }
    return book
}

func routerSnapshot(_ venues: [String: [(Int64, Int64)]], stale: Set<String> = []) throws -> MarketSnapshot {
    let scales = try BookScales(price: 2, size: 4)
    var book = try ConsolidatedBook(symbol: "BTC/USDT", scales: scales)
    let now = WallClock.nanoseconds()
    var views: [MarketSnapshot.Venue] = []
    for name in venues.keys.sorted() {
        let id = try book.addVenue(VenueConfig(name: name, scales: scales))
        try book.update(id, health: VenueHealth(isLive: true, exchangeTime: now), book: askBook(venues[name] ?? []))
        views.append(.init(name: name, isLive: true, updatedAt: stale.contains(name) ? now - 60_000_000_000 : now, takerFeeBasisPoints: 0))
    }
    return MarketSnapshot(book: book, depth: 20, venues: views, sequence: 1, time: now)
}

@Suite("Smart router against paper venues")
struct SmartRouterTests {
    func router(_ venues: [PaperVenue]) -> SmartRouter {
        // Patient deadlines (see quickConfiguration): a failed order would leave its venue out of the next
        // round. Books count as fresh for 30 s for the same reason (the tests take a new snapshot each round).
        let client = ExecutionClient(venues: venues, journal: nil, configuration: quickConfiguration())
        var limits = FillPlanner.Limits()
        limits.maximumBookAge = 30_000_000_000
        return SmartRouter(
            client: client, planner: FillPlanner(limits: limits),
            routes: venues.map { VenueRoute(venue: $0.venue, symbol: "BTCUSDT", priceScale: 2, sizeScale: 4) })
    }

    @Test("a partial fill is re-planned on what is left: the short venue is dropped, the next one fills the rest")
    func partialFillReplanned() async throws {
        // a's book claims 1.0 at 100.00 but only 0.5 is really there; b has 2.0 at 100.01.
        let a = PaperVenue(venue: "a") { _ in askBook([(10_000, 5_000)]) }
        let b = PaperVenue(venue: "b") { _ in askBook([(10_001, 20_000)]) }
        var router = router([a, b])
        router.limits.maximumAdverseMove = 5
        // A fresh snapshot of the same books each round (as the aggregator publishes them): its age stays zero
        // however long a loaded machine takes between rounds.
        let outcome = await router.route(side: .buy, limit: Price(10_002), quantity: Quantity(15_000)) {
            try! routerSnapshot(["a": [(10_000, 10_000)], "b": [(10_001, 20_000)]])
        }
        #expect(outcome.stopReason == "filled")
        #expect(outcome.filledQuantity == 15_000)
        try #require(outcome.plans.count == 2)
        #expect(outcome.plans[0].slices.map(\.venue) == ["a", "b"])
        #expect(outcome.plans[1].slices.map(\.venue) == ["b"])
        #expect(outcome.plans[1].exclusions.contains(Exclusion(venue: "a", reason: "excluded")))
        #expect(outcome.filledNotional == 5_000 * 10_000 + 10_000 * 10_001)
        // Planned: 1.0 at 100.00 and 0.5 at 100.01; got 0.5 at 100.00 and 1.0 at 100.01.
        #expect(outcome.plannedNotionalForFilled == 10_000 * 10_000 + 5_000 * 10_001)
        #expect(outcome.slippage(side: .buy).map { $0 > 0 } == true)
        // Every order was an IOC at a bounded price: nothing rests anywhere.
        let openA = try await a.openOrders(symbol: "BTCUSDT")
        let openB = try await b.openOrders(symbol: "BTCUSDT")
        #expect(openA.isEmpty && openB.isEmpty)
    }

    @Test("a stale venue's book is not routed to, whatever it shows")
    func staleBook() async throws {
        let a = PaperVenue(venue: "a") { _ in askBook([(9_990, 50_000)]) }
        let b = PaperVenue(venue: "b") { _ in askBook([(10_001, 20_000)]) }
        let outcome = await router([a, b]).route(side: .buy, limit: Price(10_002), quantity: Quantity(10_000)) {
            try! routerSnapshot(["a": [(9_990, 50_000)], "b": [(10_001, 20_000)]], stale: ["a"])
        }
        #expect(outcome.filledQuantity == 10_000)
        #expect(await a.submissionsReceived == 0)
        try #require(!outcome.plans.isEmpty)
        #expect(outcome.plans[0].exclusions == [Exclusion(venue: "a", reason: "stale_book")])
    }

    @Test("routing stops when the price moved against the order beyond the allowance")
    func adverseMove() async throws {
        let a = PaperVenue(venue: "a") { _ in askBook([]) }  // takes nothing
        let b = PaperVenue(venue: "b") { _ in askBook([(10_050, 10_000)]) }
        var limits = SmartRouter.Limits()
        limits.maximumAdverseMove = 10
        var router = router([a, b])
        router.limits = limits
        let outcome = await router.route(side: .buy, limit: Price(10_100), quantity: Quantity(10_000)) {
            try! routerSnapshot(["a": [(10_000, 10_000)], "b": [(10_050, 10_000)]])
        }
        #expect(outcome.stopReason == "adverse_move")
        #expect(outcome.filledQuantity == 0)
        #expect(await b.submissionsReceived == 0)
    }
}
