import BourseCore
import ConsolidatedBook
import OrderBook
import Testing
import Trading

/// A consolidated snapshot at scales 2/4 from per-venue asks and bids `(price, size)`, fees in basis points.
func snapshot(
    asks: [String: [(Int64, Int64)]], bids: [String: [(Int64, Int64)]] = [:], fees: [String: Int] = [:],
    stale: Set<String> = [], down: Set<String> = [], now: Int64 = 1_000_000_000_000
) throws -> MarketSnapshot {
    let scales = try BookScales(price: 2, size: 4)
    var book = try ConsolidatedBook(symbol: "BTC/USDT", scales: scales)
    var venues: [MarketSnapshot.Venue] = []
    for name in Set(asks.keys).union(bids.keys).sorted() {
        let id = try book.addVenue(VenueConfig(name: name, scales: scales, takerFeeBasisPoints: fees[name] ?? 0))
        var l2 = L2Book()
        for (price, size) in asks[name] ?? [] { l2.set(.sell, price: Price(price), quantity: Quantity(size)) }
        for (price, size) in bids[name] ?? [] { l2.set(.buy, price: Price(price), quantity: Quantity(size)) }
        let live = !down.contains(name)
        try book.update(id, health: VenueHealth(isLive: live, exchangeTime: now), book: l2)
        venues.append(
            MarketSnapshot.Venue(
                name: name, isLive: live, updatedAt: stale.contains(name) ? now - 10_000_000_000 : now,
                takerFeeBasisPoints: fees[name] ?? 0))
    }
    return MarketSnapshot(book: book, depth: 20, venues: venues, sequence: 1, time: now)
}

@Suite("Fill planner")
struct FillPlannerTests {
    let now: Int64 = 1_000_000_000_000

    @Test("slices go best net price first: a cheaper venue with a higher fee can lose to a dearer one")
    func netOfFees() throws {
        // a: 100.00 with a 30 bp fee (net 100.30); b: 100.10 with 0 bp (net 100.10): b first.
        let view = try snapshot(asks: ["a": [(10_000, 10_000)], "b": [(10_010, 10_000)]], fees: ["a": 30], now: now)
        let plan = FillPlanner().plan(side: .buy, limit: Price(10_100), quantity: Quantity(15_000), in: view, now: now)
        #expect(plan.slices.map(\.venue) == ["b", "a"])
        #expect(plan.slices.map(\.quantity.rawValue) == [10_000, 5_000])
        #expect(plan.plannedQuantity.rawValue == 15_000 && plan.unplannedQuantity.rawValue == 0)
        #expect(plan.expectedNotional == 10_010 * 10_000 + 10_000 * 5_000)
        #expect(plan.expectedAverage?.description == "100.0666666666")
    }

    @Test("nothing beyond the limit; what the book lacks is reported unplanned")
    func limit() throws {
        let view = try snapshot(asks: ["a": [(10_000, 10_000), (10_005, 10_000)], "b": [(10_002, 3_000)]], now: now)
        let plan = FillPlanner().plan(side: .buy, limit: Price(10_002), quantity: Quantity(20_000), in: view, now: now)
        #expect(plan.slices.allSatisfy { $0.price.rawValue <= 10_002 })
        #expect(plan.plannedQuantity.rawValue == 13_000)
        #expect(plan.unplannedQuantity.rawValue == 7_000)
    }

    @Test("stale and down venues get no slice and are named with the reason")
    func healthGate() throws {
        let view = try snapshot(
            asks: ["a": [(10_000, 10_000)], "b": [(10_001, 10_000)], "c": [(10_002, 10_000)]], stale: ["a"], down: ["b"], now: now)
        let plan = FillPlanner().plan(side: .buy, limit: Price(10_010), quantity: Quantity(5_000), in: view, now: now)
        #expect(plan.slices.map(\.venue) == ["c"])
        #expect(Set(plan.exclusions.map { "\($0.venue):\($0.reason)" }) == ["a:stale_book", "b:not_live"])
        let excluded = FillPlanner().plan(side: .buy, limit: Price(10_010), quantity: Quantity(5_000), in: view, excluding: ["c"], now: now)
        #expect(excluded.slices.isEmpty && excluded.unplannedQuantity.rawValue == 5_000)
    }

    @Test("worst prices: the allowance on the tick, never beyond the limit; one IOC per venue at its worst slice")
    func worstPrices() throws {
        var limits = FillPlanner.Limits()
        limits.slippageAllowance = 7
        let planner = FillPlanner(limits: limits, grids: ["a": .init(tick: 5, lot: 1_000), "b": .init(tick: 1, lot: 1)])
        let view = try snapshot(asks: ["a": [(10_000, 2_500), (10_005, 4_000)], "b": [(10_001, 1_000)]], now: now)
        let plan = planner.plan(side: .buy, limit: Price(10_008), quantity: Quantity(10_000), in: view, now: now)
        // a's sizes are cut to whole lots of 1,000; its worst prices are 10,007 rounded down to the tick 5.
        #expect(plan.slices.map(\.quantity.rawValue) == [2_000, 1_000, 4_000])
        #expect(plan.slices.map(\.worstPrice.rawValue) == [10_005, 10_008, 10_005])
        #expect(plan.orders == [
            PlannedOrder(venue: "a", side: .buy, limit: Price(10_005), quantity: Quantity(6_000)),
            PlannedOrder(venue: "b", side: .buy, limit: Price(10_008), quantity: Quantity(1_000)),
        ])
        let sell = try snapshot(asks: [:], bids: ["a": [(9_990, 5_000)]], now: now)
        let sellPlan = planner.plan(side: .sell, limit: Price(9_985), quantity: Quantity(3_000), in: sell, now: now)
        #expect(sellPlan.slices.first?.worstPrice.rawValue == 9_985)
    }
}
