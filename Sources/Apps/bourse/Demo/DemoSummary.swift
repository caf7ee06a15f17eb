import BourseCore
import Execution
import ExchangeServer
import ExchangeService
import Foundation
import Trading
import VenueSimulator

/// The JSON summary the demo ends with. Counts the client keeps are checked against what the venues
/// themselves recorded: `duplicate_orders` and `positions_match_venues` come from the venues' order records,
/// `pnl_matches_fills` from an independent recomputation over the fills.
enum DemoSummary {
    struct VenueFills: Encodable {
        var count = 0
        var quantity = "0"
    }

    struct Output: Encodable {
        var symbol: String
        var seconds: Double
        var orders_sent: Int
        var sends: Int
        var status_queries: Int
        var unknown_outcomes: Int
        var duplicates_refused_by_venues: Int
        var duplicate_orders: Int
        var venue_orders: Int
        var fills: [String: VenueFills]
        var routes: Int
        var routed_quantity: String
        var slippage_vs_plan: [String: String]
        var route_stops: [String: Int]
        var pnl: [String: String]
        var pnl_matches_fills: Bool
        var positions: [String: String]
        var positions_match_venues: Bool
        var trader_books: Int
        var quotes_posted: Int
        var quotes_cancelled: Int
        var resyncs: Int
        var reconnects: Int
        var gaps: Int
        var faults_injected: Int
        var faults: [String]
        var reconciliation: ExecutionClient.Reconciliation
        var errors: [String: Int]
        var order_latency_ms: [String: String]
    }

    /// p50, p99 and max of nanosecond samples, as milliseconds with three decimals.
    static func percentiles(_ samples: [Int64]) -> [String: String] {
        let sorted = samples.sorted()
        guard !sorted.isEmpty else { return [:] }
        func at(_ q: Double) -> String { decimal(Int128(sorted[min(sorted.count - 1, Int(Double(sorted.count) * q))] / 1_000), scale: 3) }
        return ["p50": at(0.5), "p99": at(0.99), "max": decimal(Int128(sorted[sorted.count - 1] / 1_000), scale: 3), "count": String(sorted.count)]
    }

    static func make(
        world: DemoSession.World, simulator: VenueSimulator, sequencer: ExchangeSequencer, credentials: DemoSetup.User,
        faults: FaultLog, reconciliation: ExecutionClient.Reconciliation, elapsed: Duration
    ) async throws -> String {
        let scales = DemoSession.scales
        let counters = await world.client.counters
        let orders = await world.client.orders
        let statistics = await world.desk.statistics
        let ledger = await world.desk.ledger
        let fills = await world.client.fills
        let snapshot = world.aggregator.snapshots.current.value
        let mark = Price(snapshot.mid ?? 0)

        // What the venues recorded, by client order id.
        var venueRecords: [(venue: String, id: String, side: Side, filled: Int64, notional: Int64, sizeScale: Int, priceScale: Int)] = []
        for route in world.routes {
            guard let kind = SimulatedVenueKind(rawValue: route.venue), let venue = simulator.venues[kind] else { continue }
            for record in await venue.traderOrders() {
                venueRecords.append((route.venue, record.clientOrderID, record.side, record.filled, record.filledNotional, route.sizeScale, route.priceScale))
            }
        }
        let account = AccountID(credentials.account)
        let exchangeOrders = await sequencer.read { state in
            state.orders.records.filter { $0.account == account }.map { ($0.clientOrderID ?? "", $0.side, $0.filled.rawValue, $0.filledNotional) }
        }
        for (id, side, filled, notional) in exchangeOrders {
            venueRecords.append(("bourse", id, side, filled, notional, world.home.sizeScale, world.home.priceScale))
        }
        // A duplicate: a venue order no intent asked for, or a second venue order for one intent.
        var perID: [String: Int] = [:]
        for record in venueRecords { perID[record.id, default: 0] += 1 }
        let duplicates = perID.reduce(0) { total, entry in total + (orders[entry.key] == nil ? entry.value : entry.value - 1) }

        // Positions per venue as the venues report them, at the book's size scale.
        var venuePositions: [String: Int64] = [:]
        for record in venueRecords {
            let factor = FixedPoint.powersOfTen[scales.size - record.sizeScale]
            venuePositions[record.venue, default: 0] += (record.side == .buy ? 1 : -1) * record.filled * factor
        }
        var positionsMatch = true
        var positions: [String: String] = [:]
        for name in Set(venuePositions.keys).union(ledger.positions.keys) {
            let ours = ledger.positions[name]?.position ?? 0
            if ours != venuePositions[name] ?? 0 { positionsMatch = false }
            positions[name] = decimal(Int128(ours), scale: scales.size)
        }

        // P&L recomputed from the fills alone: cash flow plus the position valued at the mark.
        var cash: Int128 = 0
        var position: Int128 = 0
        var perVenue: [String: VenueFills] = [:]
        var perVenueQuantity: [String: Int128] = [:]
        for fill in fills {
            guard let fillScales = await world.client.scales(of: fill.clientOrderID) else { continue }
            let sizeFactor = Int128(FixedPoint.powersOfTen[scales.size - fillScales.size])
            let notionalFactor = Int128(FixedPoint.powersOfTen[scales.price - fillScales.price]) * sizeFactor
            let quantity = Int128(fill.quantity) * sizeFactor
            let notional = Int128(fill.notional) * notionalFactor
            cash += fill.orderSide == .buy ? -notional : notional
            position += fill.orderSide == .buy ? quantity : -quantity
            perVenue[fill.venue, default: VenueFills()].count += 1
            perVenueQuantity[fill.venue, default: 0] += quantity
        }
        for (venue, quantity) in perVenueQuantity { perVenue[venue]?.quantity = decimal(quantity, scale: scales.size) }
        let recomputed = cash + position * Int128(mark.rawValue)
        let notionalScale = scales.price + scales.size
        let total = ledger.total(mark: mark)

        let plannedNotional = statistics.plannedNotional
        let bps = plannedNotional == 0 ? 0 : statistics.slippageNotional * 10_000 * 1_000_000 / plannedNotional
        var resyncs = 0
        var reconnects = 0
        var gaps = 0
        for connector in world.aggregator.connectors {
            let counters = connector.status.current.value.counters
            resyncs += counters.resyncs
            reconnects += counters.reconnects
            gaps += counters.gaps
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let output = Output(
            symbol: world.symbol.description, seconds: (seconds * 10).rounded() / 10, orders_sent: counters.intents,
            sends: counters.sends, status_queries: counters.statusQueries, unknown_outcomes: counters.unknownOutcomes,
            duplicates_refused_by_venues: counters.duplicatesRefused, duplicate_orders: duplicates,
            venue_orders: venueRecords.count, fills: perVenue, routes: statistics.routes,
            routed_quantity: decimal(Int128(statistics.routedQuantity), scale: scales.size),
            slippage_vs_plan: [
                "notional": decimal(statistics.slippageNotional, scale: notionalScale),
                "bps": decimal(bps, scale: 6),
                "planned_notional": decimal(plannedNotional, scale: notionalScale),
            ],
            route_stops: statistics.stopReasons,
            pnl: [
                "realised": decimal(ledger.realised, scale: notionalScale),
                "unrealised": decimal(ledger.unrealised(mark: mark), scale: notionalScale),
                "total": decimal(total, scale: notionalScale),
                "mark": decimal(Int128(mark.rawValue), scale: scales.price),
                "position": decimal(Int128(ledger.position), scale: scales.size),
            ],
            pnl_matches_fills: recomputed == total && position == Int128(ledger.position),
            positions: positions, positions_match_venues: positionsMatch, trader_books: statistics.traderBooks,
            quotes_posted: statistics.quotesPosted, quotes_cancelled: statistics.quotesCancelled, resyncs: resyncs,
            reconnects: reconnects, gaps: gaps, faults_injected: faults.all.count, faults: faults.all,
            reconciliation: reconciliation, errors: statistics.errors, order_latency_ms: percentiles(await world.client.latencies))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(output), as: UTF8.self)
    }

    /// Exact decimal text of a raw value at `scale` (any size, sign kept).
    static func decimal(_ value: Int128, scale: Int) -> String {
        let negative = value < 0
        let magnitude = negative ? -value : value
        var divisor: Int128 = 1
        for _ in 0..<scale { divisor *= 10 }
        let whole = magnitude / divisor
        var fraction = String(magnitude % divisor)
        fraction = String(repeating: "0", count: max(0, scale - fraction.count)) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return (negative ? "-" : "") + String(whole) + (fraction.isEmpty ? "" : "." + fraction)
    }
}
