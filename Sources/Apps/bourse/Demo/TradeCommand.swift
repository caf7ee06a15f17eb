import Aggregator
import ArgumentParser
import BourseCore
import Execution
import Feeds
import Foundation
import Logging
import MarketData
import OrderBook
import ServiceLifecycle
import Trading

/// `bourse trade`: the market maker, router and execution client against venues chosen by configuration —
/// the simulated ones on loopback, or the real exchanges with `--real`. Paper trading by default (a
/// ``PaperVenue`` per venue filling against that venue's live book); `--key VENUE=KEY:SECRET` sends real
/// orders to a venue speaking Binance's signed REST dialect.
struct TradeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trade",
        abstract: "Quote and route on live venue books: paper by default, real orders with --key.",
        discussion: """
            Same strategy, router and execution client as `bourse demo`. Without --key every venue is a paper
            venue filling against its own live book (nothing is sent). With --key binance=KEY:SECRET orders go to
            the venue's REST address (Binance's signed /api/v3/order). The trader book is served on --http-port
            (/trader/<symbol>, web page) and gRPC on --port. Ends with a JSON summary.
            """
    )

    @Option(help: "Symbol to trade.")
    var symbol = "BTC/USDT"

    @Option(help: "Venues, comma-separated.")
    var venues = "binance,coinbase,bitstamp"

    @Flag(help: "Connect to the real venues instead of the simulated ones.")
    var real = false

    @Flag(help: "Load each venue's instrument list (exchangeInfo and equivalents) to name the symbol exactly.")
    var loadInstruments = false

    @Option(help: "Host of the simulated venues.")
    var host = "127.0.0.1"

    @Option(parsing: .singleValue, help: "Address override: VENUE=WS_URL[,REST_URL] (repeatable).")
    var endpoint: [String] = []

    @Option(parsing: .singleValue, help: "Real orders on a venue: VENUE=KEY:SECRET (Binance dialect; repeatable).")
    var key: [String] = []

    @Option(help: "Price tick of the symbol (decimal).")
    var tick = "0.01"

    @Option(help: "Size lot of the symbol (decimal).")
    var lot = "0.0001"

    @Option(help: "Seconds to run (0: until Ctrl-C).")
    var duration = 0

    @Option(help: "Folder of the execution journal (default: ./data/trade).")
    var data = "./data/trade"

    @Option(help: "gRPC port.")
    var port = 50053

    @Option(help: "HTTP port (web page, /trader/<symbol>).")
    var httpPort = 8091

    func run() async throws {
        guard let canonical = CanonicalSymbol(symbol) else { throw ValidationError("cannot read symbol '\(symbol)'") }
        var logger = Logger(label: "bourse.trade")
        logger.logLevel = .critical
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true)
        var keys: [String: (String, String)] = [:]
        for item in key {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            let credentials = parts.count == 2 ? parts[1].split(separator: ":", maxSplits: 1).map(String.init) : []
            guard credentials.count == 2 else { throw ValidationError("--key wants VENUE=KEY:SECRET") }
            keys[parts[0]] = (credentials[0], credentials[1])
        }
        var options = try VenueOptions.parse(["--symbol", canonical.description, "--host", host] + (real ? ["--real"] : [])
            + (loadInstruments ? ["--load-instruments"] : []) + endpoint.flatMap { ["--endpoint", $0] })
        options.symbol = canonical.description
        let scales = SymbolAggregator.scales
        let tickRaw = try FixedPoint.parse(tick, scale: scales.price, allowNegative: false)
        let lotRaw = try FixedPoint.parse(lot, scale: scales.size, allowNegative: false)
        var connectors: [FeedConnector<AnyVenueDriver>] = []
        var entries: [any OrderEntry] = []
        var routes: [VenueRoute] = []
        var grids: [String: FillPlanner.Grid] = [:]
        for name in venues.split(separator: ",").map(String.init) {
            let map = try await options.instrumentMap(name)
            let connector = try options.connector(name, map: map)
            connectors.append(connector)
            let venueScales = connector.status.current.value.scales
            // Orders name the instrument as the venue's own list does (with --load-instruments), like the feed.
            let venueSymbol = map?.name(of: canonical, on: name) ?? canonical.name(on: name)
            let route = VenueRoute(venue: name, symbol: venueSymbol, priceScale: venueScales.price, sizeScale: venueScales.size)
            guard route.factors(to: scales) != nil else {
                throw ValidationError("\(name) keeps prices and sizes at \(venueScales.price)/\(venueScales.size) decimals, finer than the book's \(scales)")
            }
            routes.append(route)
            grids[name] = FillPlanner.Grid(tick: tickRaw, lot: lotRaw)
            if let (apiKey, secret) = keys[name] {
                let rest = try options.endpoint(of: name).rest
                entries.append(BinanceOrderEntry(venue: name, baseURL: rest, apiKey: apiKey, secret: secret))
            } else {
                entries.append(PaperVenue(venue: name) { _ in connector.status.current.value.book })
            }
        }
        let aggregator = SymbolAggregator(symbol: canonical, connectors: connectors, levels: 10, logger: logger)
        var serverConfiguration = AggregatorServer.Configuration()
        serverConfiguration.grpcPort = port
        serverConfiguration.httpPort = httpPort
        let mode = keys.isEmpty ? "paper" : "real orders on " + keys.keys.sorted().joined(separator: ",")
        let venues = self.venues
        let server = AggregatorServer(aggregators: [aggregator], configuration: serverConfiguration, logger: logger) { grpc, http in
            FileHandle.standardError.write(Data("trading \(canonical) on \(venues) (\(mode)); trader book http://127.0.0.1:\(http)/trader/\(canonical.base)-\(canonical.quote), gRPC \(grpc)\n".utf8))
        }
        var execution = ExecutionClient.Configuration()
        execution.idPrefix = "t\(Int(Date().timeIntervalSince1970) % 100_000)x"
        let client = ExecutionClient(venues: entries, journal: try ExecutionJournal(path: data + "/execution.jsonl"), configuration: execution)
        let reconciliation = await client.reconcile()
        let desk = try DeskParameters(tick: tickRaw, lot: lotRaw, scales: scales).makeDesk(
            symbol: canonical, aggregator: aggregator, client: client, routes: routes, grids: grids, home: nil)
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: server)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        let ended = StopFlag()
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                try await group.run()
                ended.set()
            }
            tasks.addTask { await desk.run() }
            let deadline = duration > 0 ? ContinuousClock.now + .seconds(duration) : nil
            while !ended.isSet && (deadline.map { ContinuousClock.now < $0 } ?? true) {
                try await Task.sleep(for: .milliseconds(200))
            }
            await desk.finish()
            let ledger = await desk.ledger
            let statistics = await desk.statistics
            let counters = await client.counters
            let mark = Price(aggregator.snapshots.current.value.mid ?? 0)
            let notionalScale = scales.price + scales.size
            var positions: [String: String] = [:]
            for (venue, position) in ledger.positions { positions[venue] = DemoSummary.decimal(Int128(position.position), scale: scales.size) }
            let summary: [String: String] = [
                "mode": keys.isEmpty ? "paper" : "real", "orders_sent": String(counters.intents), "routes": String(statistics.routes),
                "trader_books": String(statistics.traderBooks), "fills": String(await client.fillCount),
                "position": DemoSummary.decimal(Int128(ledger.position), scale: scales.size),
                "pnl": DemoSummary.decimal(ledger.total(mark: mark), scale: notionalScale),
                "reconciled_intents": String(reconciliation.intents),
                "positions": positions.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ","),
            ]
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            FileHandle.standardOutput.write(try encoder.encode(summary) + Data("\n".utf8))
            tasks.cancelAll()
            await group.triggerGracefulShutdown()
        }
    }
}
