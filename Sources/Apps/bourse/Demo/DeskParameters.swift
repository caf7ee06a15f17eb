import Aggregator
import BourseCore
import ConsolidatedBook
import Execution
import MarketData
import Trading

/// The strategy and routing parameters of `bourse demo` and `bourse trade`, in the consolidated book's units,
/// and the desk built from them.
struct DeskParameters {
    /// The price grid and the lot at the book's scales.
    var tick: Int64
    var lot: Int64
    var scales: BookScales
    var levels = 4
    /// Base size (one unit of the base asset) fractions: touch 1/1000, largest quote 1/50, position limit 1/20.
    var touchDivisor: Int64 = 1_000
    var maxQuoteDivisor: Int64 = 50
    var maxPositionDivisor: Int64 = 20

    func makeDesk(
        symbol: CanonicalSymbol, aggregator: SymbolAggregator, client: ExecutionClient, routes: [VenueRoute],
        grids: [String: FillPlanner.Grid], home: VenueRoute?
    ) throws -> TradingDesk {
        let unit = FixedPoint.powersOfTen[scales.size]
        let strategy = try LadderMarketMaker(
            configuration: LadderMarketMaker.Configuration(
                levels: levels, baseSpacing: 2 * tick, tick: tick, lot: lot, touchSize: max(lot, unit / touchDivisor),
                sizeGrowthPercent: 50, volatilityReference: 50, participationPercent: 25,
                maxQuoteSize: max(lot, unit / maxQuoteDivisor), maxPosition: max(lot, unit / maxPositionDivisor),
                skewSpacing: 4 * tick, requoteThreshold: 3 * tick, requoteSizePercent: 50, volatilityWindow: 50))
        var limits = FillPlanner.Limits()
        limits.maximumBookAge = 2_000_000_000
        limits.slippageAllowance = 2 * tick
        var routerLimits = SmartRouter.Limits()
        routerLimits.maximumRounds = 3
        routerLimits.maximumAdverseMove = 5 * tick
        let router = SmartRouter(client: client, planner: FillPlanner(limits: limits, grids: grids), routes: routes, limits: routerLimits)
        var configuration = TradingDesk.Configuration()
        configuration.home = home
        return TradingDesk(
            symbol: symbol.description, strategy: strategy, router: router, client: client, scales: scales,
            configuration: configuration, snapshot: { aggregator.snapshots.current.value },
            publish: { aggregator.traderBooks.publish($0) })
    }
}
