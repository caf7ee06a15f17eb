import BourseCore
import ConsolidatedBook
import Trading

/// Routes a marketable order over several venues: plans on the newest consolidated snapshot
/// (``FillPlanner``), sends each venue's part as a limit IOC at its worst acceptable price through the
/// ``ExecutionClient``, then re-plans what is left on a fresh snapshot (other venues, deeper levels) until the
/// order is filled, the rounds run out, or the best price moved against the order by more than allowed.
/// What is left then is reported (the caller may rest it as a passive order).
public struct SmartRouter: Sendable {
    /// Limits of one routing.
    public struct Limits: Sendable {
        /// Rounds of plan-and-send.
        public var maximumRounds = 3
        /// Stop when the best price moved more than this against the order since the first plan (raw, book
        /// scale). The default only keeps the order's own limit.
        public var maximumAdverseMove: Int64 = .max
        public init() {}
    }

    public var planner: FillPlanner
    public var limits: Limits
    /// Routes by venue name.
    public var routes: [String: VenueRoute]
    public let client: ExecutionClient

    public init(client: ExecutionClient, planner: FillPlanner, routes: [VenueRoute], limits: Limits = .init()) {
        self.client = client
        self.planner = planner
        self.limits = limits
        var byName: [String: VenueRoute] = [:]
        for route in routes { byName[route.venue] = route }
        self.routes = byName
    }

    /// Takes up to `quantity` at no worse than `limit` (book scales) from the venues in `snapshot()`.
    public func route(
        side: Side, limit: Price, quantity: Quantity, snapshot: @Sendable () -> MarketSnapshot
    ) async -> RouteOutcome {
        var outcome = RouteOutcome()
        var left = quantity.rawValue
        var excluded: Set<String> = []
        var firstBest: Int64?
        var round = 0
        while left > 0 {
            guard round < limits.maximumRounds else { outcome.stopReason = "rounds"; break }
            round += 1
            let view = snapshot()
            let plan = planner.plan(
                side: side, limit: limit, quantity: Quantity(left), in: view, excluding: excluded, now: WallClock.nanoseconds())
            guard let best = plan.slices.first?.price.rawValue else { outcome.stopReason = "no_liquidity"; break }
            if let firstBest {
                let adverse = side == .buy ? best - firstBest : firstBest - best
                if adverse > limits.maximumAdverseMove { outcome.stopReason = "adverse_move"; break }
            } else {
                firstBest = best
            }
            outcome.plans.append(plan)
            let results = await send(plan, view: view)
            var halted = false
            for result in results {
                outcome.ordersSent += 1
                switch result {
                case .success(let (filled, notional)):
                    outcome.filledQuantity += filled
                    outcome.filledNotional += notional
                    left -= filled
                case .failure(let error):
                    outcome.failures.append("\(error.code)")
                    if error.code == .halted { halted = true }
                }
            }
            // A venue that failed, or filled less than its book showed, is left out of later rounds: its book
            // was not what it claimed (stale or taken by someone faster).
            for (order, result) in zip(plan.orders, results) {
                switch result {
                case .failure: excluded.insert(order.venue)
                case .success(let (filled, _)): if filled < order.quantity.rawValue { excluded.insert(order.venue) }
                }
            }
            if halted { outcome.stopReason = "halted"; break }
        }
        if left == 0 { outcome.stopReason = "filled" }
        outcome.remaining = left
        outcome.plannedNotionalForFilled = Self.plannedNotional(outcome.plans.first, quantity: outcome.filledQuantity)
        return outcome
    }

    /// The first plan's notional for the first `quantity` of its slices (beyond its size: at its last price).
    static func plannedNotional(_ plan: FillPlan?, quantity: Int64) -> Int128 {
        guard let plan, let last = plan.slices.last else { return 0 }
        var left = quantity
        var notional: Int128 = 0
        for slice in plan.slices where left > 0 {
            let take = min(left, slice.quantity.rawValue)
            notional += Int128(slice.price.rawValue) * Int128(take)
            left -= take
        }
        notional += Int128(last.price.rawValue) * Int128(left)
        return notional
    }

    /// Sends the plan's orders concurrently; each result is (filled, notional) at book scales.
    func send(_ plan: FillPlan, view: MarketSnapshot) async -> [Result<(Int64, Int128), OrderEntryError>] {
        let orders = plan.orders
        let scales = view.scales
        return await withTaskGroup(of: (Int, Result<(Int64, Int128), OrderEntryError>).self) { group in
            for (index, order) in orders.enumerated() {
                guard let route = routes[order.venue] else { continue }
                let client = self.client
                group.addTask {
                    guard let (priceFactor, sizeFactor) = route.factors(to: scales) else {
                        return (index, .failure(OrderEntryError(.rejected, "\(route.venue): its scales are finer than the book's")))
                    }
                    // Worst prices round towards the order's favour so the venue's limit is never worse.
                    let price = order.side == .buy
                        ? order.limit.rawValue / priceFactor
                        : (order.limit.rawValue + priceFactor - 1) / priceFactor
                    let size = order.quantity.rawValue / sizeFactor
                    guard size > 0 else { return (index, .success((0, 0))) }
                    let intent = await client.makeIntent(
                        venue: route.venue, symbol: route.symbol, side: order.side, price: Price(price),
                        quantity: Quantity(size), timeInForce: .ioc, priceScale: route.priceScale, sizeScale: route.sizeScale)
                    do throws(OrderEntryError) {
                        let report = try await client.execute(intent)
                        let notionalFactor = Int128(priceFactor) * Int128(sizeFactor)
                        return (index, .success((report.filled * sizeFactor, Int128(report.filledNotional) * notionalFactor)))
                    } catch {
                        return (index, .failure(error))
                    }
                }
            }
            var results = [Result<(Int64, Int128), OrderEntryError>](repeating: .success((0, 0)), count: orders.count)
            for await (index, result) in group { results[index] = result }
            return results
        }
    }
}
