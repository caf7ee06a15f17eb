import BourseCore
import ConsolidatedBook
import Trading

/// Runs one symbol's trading: the strategy's trader book from the consolidated snapshot, routing of the
/// trader-book orders that have become marketable against consolidated liquidity, the passive quotes mirrored
/// on a home venue, and the position ledger fed by every fill. One owner (an actor), one loop.
///
/// Each step (``Configuration/step``):
/// 1. reads the newest ``MarketSnapshot`` and feeds the strategy (with the ledger's position); a new
///    ``TraderBook`` is published and, when a home venue is set, replaces the resting quotes there (cancel the
///    old ones, post the new ones post-only: a passive quote never takes);
/// 2. finds trader-book quotes that are marketable against the consolidated book (a bid at or above the best
///    ask of a live venue, an ask at or below the best bid) and routes each with the ``SmartRouter`` (limit
///    IOC slices at bounded prices); a routed quote is spent until the strategy requotes;
/// 3. moves new fills from the ``ExecutionClient`` into the ``PositionLedger`` (at the book's scales).
public actor TradingDesk {
    /// Timing and venues.
    public struct Configuration: Sendable {
        /// The loop's period.
        public var step: Duration = .milliseconds(200)
        /// Where passive quotes rest (`nil`: the trader book is only watched and routed).
        public var home: VenueRoute?
        public init() {}
    }

    /// What the desk did, for summaries.
    public struct Statistics: Sendable, Hashable {
        public var steps = 0
        public var traderBooks = 0
        public var routes = 0
        public var routedQuantity: Int64 = 0
        public var routedNotional: Int128 = 0
        /// Σ (actual − planned) notional over the routed fills, signed so positive is worse than planned.
        public var slippageNotional: Int128 = 0
        public var plannedNotional: Int128 = 0
        public var quotesPosted = 0
        public var quotesCancelled = 0
        public var stopReasons: [String: Int] = [:]
        public var errors: [String: Int] = [:]
    }

    public let symbol: String
    let configuration: Configuration
    var strategy: LadderMarketMaker
    let router: SmartRouter
    let client: ExecutionClient
    let snapshot: @Sendable () -> MarketSnapshot
    let publish: @Sendable (TraderBook) -> Void
    /// The book's scales (the ledger's too).
    let scales: BookScales
    public private(set) var ledger = PositionLedger()
    public private(set) var statistics = Statistics()
    public private(set) var traderBook: TraderBook?
    /// Quotes routed since the last trader book (price and side), so one quote is routed once.
    var spent: Set<String> = []
    var resting: [String] = []
    var fillsSeen = 0

    public init(
        symbol: String, strategy: LadderMarketMaker, router: SmartRouter, client: ExecutionClient, scales: BookScales,
        configuration: Configuration = .init(), snapshot: @escaping @Sendable () -> MarketSnapshot,
        publish: @escaping @Sendable (TraderBook) -> Void = { _ in }
    ) {
        self.symbol = symbol
        self.strategy = strategy
        self.router = router
        self.client = client
        self.scales = scales
        self.configuration = configuration
        self.snapshot = snapshot
        self.publish = publish
    }

    var stopped = false

    /// Runs until cancelled or ``finish()``, then withdraws the resting quotes.
    public func run() async {
        while !Task.isCancelled && !stopped {
            await step()
            try? await Task.sleep(for: configuration.step)
        }
        await withdraw()
    }

    /// One pass of the loop (tests drive it directly).
    public func step() async {
        statistics.steps += 1
        await collectFills()
        let view = snapshot()
        let input = StrategyInput(
            symbol: symbol, bids: view.bids, asks: view.asks, position: ledger.position, now: WallClock.nanoseconds())
        if let book = strategy.quote(input) {
            traderBook = book
            spent.removeAll()
            statistics.traderBooks += 1
            publish(book)
            await mirror(book)
        }
        await routeMarketable(view)
        await collectFills()
    }

    /// Routes every trader-book quote that crosses the consolidated book.
    func routeMarketable(_ view: MarketSnapshot) async {
        guard let book = traderBook else { return }
        for quote in book.bids + book.asks {
            let key = "\(quote.side)\(quote.price.rawValue)"
            guard !spent.contains(key) else { continue }
            let marketable: Bool
            if quote.side == .buy {
                marketable = view.asks.first.map { quote.price >= $0.price } ?? false
            } else {
                marketable = view.bids.first.map { quote.price <= $0.price } ?? false
            }
            guard marketable else { continue }
            spent.insert(key)
            let outcome = await router.route(side: quote.side, limit: quote.price, quantity: quote.quantity) { [snapshot] in snapshot() }
            statistics.routes += 1
            statistics.routedQuantity += outcome.filledQuantity
            statistics.routedNotional += outcome.filledNotional
            statistics.plannedNotional += outcome.plannedNotionalForFilled
            let difference = outcome.filledNotional - outcome.plannedNotionalForFilled
            statistics.slippageNotional += quote.side == .buy ? difference : -difference
            statistics.stopReasons[outcome.stopReason, default: 0] += 1
            for failure in outcome.failures { statistics.errors[failure, default: 0] += 1 }
        }
    }

    /// Replaces the quotes resting on the home venue with `book`'s.
    func mirror(_ book: TraderBook) async {
        guard let home = configuration.home else { return }
        for id in resting {
            do throws(OrderEntryError) {
                try await client.cancel(id)
                statistics.quotesCancelled += 1
            } catch {
                statistics.errors["\(error.code)", default: 0] += 1
            }
        }
        resting.removeAll()
        guard let (priceFactor, sizeFactor) = home.factors(to: scales) else {
            statistics.errors["home_scales_finer_than_book", default: 0] += 1
            return
        }
        for quote in book.bids + book.asks {
            // Bids round down and asks up onto the venue's grid: never more aggressive than the strategy asked.
            let price = quote.side == .buy
                ? quote.price.rawValue / priceFactor : (quote.price.rawValue + priceFactor - 1) / priceFactor
            let size = quote.quantity.rawValue / sizeFactor
            guard size > 0, price > 0 else { continue }
            let intent = await client.makeIntent(
                venue: home.venue, symbol: home.symbol, side: quote.side, price: Price(price), quantity: Quantity(size),
                timeInForce: .postOnly, priceScale: home.priceScale, sizeScale: home.sizeScale)
            do throws(OrderEntryError) {
                let report = try await client.execute(intent)
                if !report.state.isTerminal { resting.append(intent.clientOrderID) }
                statistics.quotesPosted += 1
            } catch {
                statistics.errors["\(error.code)", default: 0] += 1
            }
        }
    }

    /// Stops trading: no more steps; the resting quotes are withdrawn, every unfinished order is asked about
    /// once, and the fills are brought into the ledger.
    public func finish() async {
        stopped = true
        await withdraw()
        // Ask until every order's outcome is known (a loaded venue may miss a deadline or two).
        for _ in 0..<10 {
            await client.settle()
            if await client.openOrderIDs.isEmpty { break }
            try? await Task.sleep(for: .milliseconds(300))
        }
        await collectFills()
    }

    /// Cancels the resting quotes (on stop).
    public func withdraw() async {
        for id in resting { _ = try? await client.cancel(id) }
        resting.removeAll()
    }

    /// Moves the client's new fills into the ledger, converted to the book's scales.
    func collectFills() async {
        let (fills, next, missed) = await client.fills(after: fillsSeen)
        fillsSeen = next
        if missed > 0 { statistics.errors["fills_missed", default: 0] += missed }
        for fill in fills {
            guard let (priceScale, sizeScale) = await client.scales(of: fill.clientOrderID),
                let (priceFactor, sizeFactor) = VenueRoute(venue: fill.venue, symbol: fill.symbol, priceScale: priceScale, sizeScale: sizeScale).factors(to: scales)
            else { continue }
            let notionalFactor = priceFactor * sizeFactor
            do throws(TradingError) {
                _ = try ledger.apply(
                    Fill(
                        venue: fill.venue, side: fill.orderSide, quantity: Quantity(fill.quantity * sizeFactor),
                        notional: Int128(fill.notional) * Int128(notionalFactor), fee: 0, tradeID: fill.id))
            } catch {
                statistics.errors["\(error.code)", default: 0] += 1
            }
        }
    }
}
