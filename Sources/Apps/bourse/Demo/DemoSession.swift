import Aggregator
import BourseCore
import ConsolidatedBook
import Execution
import ExchangeServer
import ExchangeService
import Feeds
import Foundation
import JournalSQLite
import Logging
import MarketData
import ServiceLifecycle
import Synchronization
import Trading
import VenueSimulator

/// One run of the demo: starts every part on loopback, trades, injects faults, and returns the JSON summary.
struct DemoSession {
    struct Options: Sendable {
        var symbol: String
        var venues: [String]
        var grpcPort: Int
        var httpPort: Int
        var exchangePort: Int
        var data: String
        var duration: Int
        var faultEvery: Int
        var panel: Bool
    }

    let options: Options

    static func trace(_ text: String) {
        if ProcessInfo.processInfo.environment["BOURSE_TRACE"] != nil { FileHandle.standardError.write(Data((text + "\n").utf8)) }
    }

    static func simulatedKind(_ name: String) -> SimulatedVenueKind? { SimulatedVenueKind(rawValue: name) }

    /// The consolidated book's scales (the ledger's and the strategy's units).
    static let scales = SymbolAggregator.scales

    func run() async throws -> String {
        guard let symbol = CanonicalSymbol(options.symbol) else { throw DemoError("cannot read symbol \(options.symbol)") }
        let kinds = options.venues.compactMap(Self.simulatedKind)
        guard let definition = SimulatedInstrument.defaults.first(where: { $0.symbol == symbol }) else {
            throw DemoError("the simulator lists \(SimulatedInstrument.defaults.map(\.symbol.description)); \(symbol) is not one")
        }
        var logger = Logger(label: "bourse.demo")
        // Servers log their own shutdown as errors; the demo reports what matters in its panel and summary.
        logger.logLevel = .critical

        // Venues and exchange, on ports chosen by the system (the aggregator's are the user's).
        var simulatorConfiguration = VenueSimulator.Configuration()
        simulatorConfiguration.ports = Dictionary(uniqueKeysWithValues: kinds.map { ($0, 0) })
        let (ports, portSink) = AsyncStream<(String, Int)>.makeStream()
        let simulator = try VenueSimulator(configuration: simulatorConfiguration, logger: logger) { kind, port in
            portSink.yield((kind.rawValue, port))
        }
        let store = try SQLiteJournalStore(path: options.data + "/exchange.sqlite")
        let sequencer = try await ExchangeSequencer.open(store: store)
        let exchange = ExchangeServer(
            sequencer: sequencer, configuration: ExchangeServerConfiguration(host: "127.0.0.1", port: options.exchangePort, rateLimit: 2_000, rateBurst: 4_000),
            logger: logger, onListening: { _, port in portSink.yield(("bourse", port)) })
        let group = ServiceGroup(
            configuration: .init(
                services: [.init(service: simulator), .init(service: SequencerService(sequencer: sequencer)),
                           .init(service: TickService(server: exchange)), .init(service: exchange)],
                gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))

        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            let servicesEnded = StopFlag()
            tasks.addTask {
                try await group.run()
                servicesEnded.set()
            }
            // The sequencer's service is running now: the demo trader can be created (first start only).
            let credentials = try await Self.exchangeCredentials(sequencer, folder: options.data)
            var portOf: [String: Int] = [:]
            Self.trace("waiting for ports")
            for await (name, port) in ports {
                Self.trace("\(name) on \(port)")
                portOf[name] = port
                if portOf.count == kinds.count + 1 { break }
            }
            let world = try await build(symbol: symbol, definition: definition, kinds: kinds, ports: portOf, credentials: credentials, logger: logger)
            Self.trace("built")
            let reconciliation = await world.client.reconcile()
            Self.trace("reconciled")
            let faults = FaultLog()
            let stop = StopFlag()

            tasks.addTask { try await world.server.run() }
            var addresses: [String] = []
            for await (grpc, http) in world.listening {
                addresses = world.addresses(grpc: grpc, http: http)
                break
            }
            if !options.panel {
                FileHandle.standardError.write(Data((addresses.joined(separator: "\n") + "\n").utf8))
            }
            tasks.addTask { await world.desk.run() }
            if options.faultEvery > 0 {
                tasks.addTask { await DemoFaults.run(simulator: simulator, kinds: kinds, every: .seconds(options.faultEvery), log: faults) }
            }
            tasks.addTask {
                await DemoPanel.run(world: world, addresses: addresses, faults: faults, panel: options.panel, stop: stop)
            }
            let started = ContinuousClock.now
            if options.duration > 0 {
                let deadline = started + .seconds(options.duration)
                // Ends at the deadline, or earlier on Ctrl-C (the service group then stops).
                while ContinuousClock.now < deadline && !Task.isCancelled {
                    try? await Task.sleep(for: .milliseconds(200))
                    if servicesEnded.isSet { break }
                }
            } else {
                while !servicesEnded.isSet { try? await Task.sleep(for: .milliseconds(200)) }
            }
            stop.set()
            let elapsed = ContinuousClock.now - started
            await world.desk.finish()
            // Stop trading first (the desk withdraws its quotes), then read everything for the summary.
            let summary = try await DemoSummary.make(
                world: world, simulator: simulator, sequencer: sequencer, credentials: credentials, faults: faults,
                reconciliation: reconciliation, elapsed: elapsed)
            tasks.cancelAll()
            await group.triggerGracefulShutdown()
            try? await store.close()
            return summary
        }
    }

    /// Everything built on top of the venues and the exchange.
    struct World: Sendable {
        let symbol: CanonicalSymbol
        let aggregator: SymbolAggregator
        let server: AggregatorServer
        let client: ExecutionClient
        let desk: TradingDesk
        let routes: [VenueRoute]
        let home: VenueRoute
        let listening: AsyncStream<(Int, Int)>
        let ports: [String: Int]
        let data: String

        /// What to open, once the aggregator listens.
        func addresses(grpc: Int, http: Int) -> [String] {
            let name = "\(symbol.base)-\(symbol.quote)"
            return [
                "web page     http://127.0.0.1:\(http)/",
                "gRPC         127.0.0.1:\(grpc) (orderbook.OrderbookAggregator, reflection on; bourse watch --port \(grpc))",
                "book JSON    http://127.0.0.1:\(http)/book/\(name)",
                "trader book  http://127.0.0.1:\(http)/trader/\(name)  (bourse watch --trader --http-port \(http))",
                "exchange     http://127.0.0.1:\(ports["bourse"] ?? 0)/api/v1 (Binance dialect /api/v3; keys in \(data)/credentials.json)",
            ] + routes.map { "venue        \($0.venue) http://127.0.0.1:\(ports[$0.venue] ?? 0)" }
        }
    }

    func build(
        symbol: CanonicalSymbol, definition: SimulatedInstrument, kinds: [SimulatedVenueKind], ports: [String: Int],
        credentials: DemoSetup.User, logger: Logger
    ) async throws -> World {
        var connectors: [FeedConnector<AnyVenueDriver>] = []
        var routes: [VenueRoute] = []
        var entries: [any OrderEntry] = []
        var grids: [String: FillPlanner.Grid] = [:]
        let book = Self.scales
        for kind in kinds {
            let name = kind.rawValue
            guard let port = ports[name] else { throw DemoError("\(name) did not start") }
            let endpoint = VenueEndpoint(websocket: "ws://127.0.0.1:\(port)", rest: "http://127.0.0.1:\(port)")
            guard let driver = VenueDirectory.driver(venue: name, symbol: symbol, endpoint: endpoint) else {
                throw DemoError("no connector for \(name)")
            }
            connectors.append(FeedConnector(driver: AnyVenueDriver(driver), logger: logger))
            let instrument = try definition.instrument(on: kind)
            routes.append(VenueRoute(venue: name, symbol: instrument.symbol, priceScale: instrument.priceScale, sizeScale: instrument.sizeScale))
            grids[name] = FillPlanner.Grid(
                tick: instrument.tickSize.rawValue * FixedPoint.powersOfTen[book.price - instrument.priceScale],
                lot: instrument.lotSize.rawValue * FixedPoint.powersOfTen[book.size - instrument.sizeScale])
            entries.append(
                BinanceOrderEntry(
                    venue: name, baseURL: "http://127.0.0.1:\(port)", apiKey: SimulatedVenue.demoCredentials.key,
                    secret: SimulatedVenue.demoCredentials.secret))
        }
        guard let exchangePort = ports["bourse"] else { throw DemoError("the exchange did not start") }
        entries.append(
            BinanceOrderEntry(venue: "bourse", baseURL: "http://127.0.0.1:\(exchangePort)", apiKey: credentials.apiKey, secret: credentials.apiSecret))
        // Bourse's own demo market (DemoSetup): BTC-USDT at price scale 2, size scale 6.
        let home = VenueRoute(venue: "bourse", symbol: symbol.base + symbol.quote, priceScale: 2, sizeScale: 6)
        let fees = Dictionary(uniqueKeysWithValues: kinds.map { ($0.rawValue, $0 == .binance ? 10 : $0 == .okx ? 8 : 20) })
        let aggregator = SymbolAggregator(symbol: symbol, connectors: connectors, levels: 10, takerFees: fees, logger: logger)
        var serverConfiguration = AggregatorServer.Configuration()
        serverConfiguration.grpcPort = options.grpcPort
        serverConfiguration.httpPort = options.httpPort
        let (listening, sink) = AsyncStream<(Int, Int)>.makeStream()
        let server = AggregatorServer(aggregators: [aggregator], configuration: serverConfiguration, logger: logger) { grpc, http in
            sink.yield((grpc, http))
        }

        var execution = ExecutionClient.Configuration()
        execution.requestTimeout = .seconds(1)
        execution.idPrefix = "d\(Int(Date().timeIntervalSince1970) % 100_000)x"
        let journal = try ExecutionJournal(path: options.data + "/execution.jsonl")
        let client = ExecutionClient(venues: entries, journal: journal, configuration: execution)

        let tick = definition.tick * FixedPoint.powersOfTen[book.price - definition.priceScale]
        let lot = definition.lot * FixedPoint.powersOfTen[book.size - definition.sizeScale]
        let desk = try DeskParameters(tick: tick, lot: lot, scales: book).makeDesk(
            symbol: symbol, aggregator: aggregator, client: client, routes: routes, grids: grids, home: home)

        return World(
            symbol: symbol, aggregator: aggregator, server: server, client: client, desk: desk, routes: routes, home: home,
            listening: listening, ports: ports, data: options.data)
    }

    /// The exchange's demo trader: created on first start, read back from the data folder afterwards.
    static func exchangeCredentials(_ sequencer: ExchangeSequencer, folder: String) async throws -> DemoSetup.User {
        let path = folder + "/credentials.json"
        if await DemoSetup.isEmpty(sequencer) {
            let credentials = try await DemoSetup.create(on: sequencer, traders: ["maker"], bcryptCost: 4)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(credentials).write(to: URL(fileURLWithPath: path))
            guard let user = credentials.users.first else { throw DemoError("no demo trader created") }
            return user
        }
        let credentials = try JSONDecoder().decode(DemoSetup.Credentials.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        guard let user = credentials.users.first else { throw DemoError("no demo trader in \(path)") }
        return user
    }
}

struct DemoError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
