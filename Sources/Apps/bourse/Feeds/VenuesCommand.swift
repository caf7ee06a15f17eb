import ArgumentParser
import Foundation
import Feeds
import Logging
import MarketData
import MarketDataRecording
import ServiceLifecycle
import VenueSimulator

/// `bourse venues`: the simulated venues on loopback, in their own wire formats.
struct VenuesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "venues",
        abstract: "Serve simulated Binance (spot, USD-M futures), Coinbase, Bitstamp, BitMEX, OKX and Kraken market data on loopback.",
        discussion: """
            Each venue listens on its own port and speaks its own protocol (WebSocket and REST), fed by Bourse's
            matching engine with a synthetic order flow. Fault switches, for tests and demos:
              curl -X POST 'http://127.0.0.1:9101/_sim/fault?name=drop'
            names: drop, stale, resume, skip, crossed, malformed, refuse (&ms=3000), slow (&ms=200), shutdown.
            """
    )

    @Option(help: "Interface to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port of the simulated Binance (0: any).")
    var binancePort = VenueDirectory.defaultLocalPort("binance")!

    @Option(help: "Port of the simulated Binance USD-M futures.")
    var binanceFuturesPort = VenueDirectory.defaultLocalPort("binance-futures")!

    @Option(help: "Port of the simulated Coinbase.")
    var coinbasePort = VenueDirectory.defaultLocalPort("coinbase")!

    @Option(help: "Port of the simulated Bitstamp.")
    var bitstampPort = VenueDirectory.defaultLocalPort("bitstamp")!

    @Option(help: "Port of the simulated BitMEX.")
    var bitmexPort = VenueDirectory.defaultLocalPort("bitmex")!

    @Option(help: "Port of the simulated OKX.")
    var okxPort = VenueDirectory.defaultLocalPort("okx")!

    @Option(help: "Kraken (websocket v2) port.")
    var krakenPort = VenueDirectory.defaultLocalPort("kraken")!

    @Option(help: "Order events per second per venue and instrument.")
    var rate: Double = 200

    @Option(help: "Step of the market clock in milliseconds, fractions allowed: one diff message per venue and instrument per step that changed the book.")
    var stepMs: Double = 100

    @Flag(help: "Step the venues one after another, spread over the period, as independent exchanges' messages arrive (default: all at once).")
    var stagger = false

    @Option(help: "Random seed of the order flow.")
    var seed: UInt64 = 42

    @Option(name: .customLong("replay"), parsing: .upToNextOption,
            help: "Show a recorded book instead of the synthetic flow for its instrument: capture files (as for `bourse replay`).")
    var replayFiles: [String] = []

    @Option(help: "Venue the recording comes from: \(ReplayVenue.allCases.map(\.rawValue).joined(separator: ", ")).")
    var replayVenue: ReplayVenue = .binance

    @Option(help: "Instrument of the recording (BTC/USDT); the recording's venue spells it its own way.")
    var replaySymbol = "BTC/USDT"

    @Option(help: "Pace of the recording: 1 recorded speed, 10 ten times faster, 0 as fast as possible.")
    var replaySpeed: Double = 1

    @Flag(help: "Start the recording again when it ends.")
    var loop = false

    func validate() throws {
        if replaySpeed < 0 { throw ValidationError("--replay-speed must be zero or more") }
        if stepMs < 0.05 { throw ValidationError("--step-ms must be at least 0.05") }
        if CanonicalSymbol(replaySymbol) == nil { throw ValidationError("--replay-symbol must look like BTC/USDT") }
    }

    /// The recorded flow of `--replay`, if any.
    func recording() throws -> RecordedFlow? {
        guard !replayFiles.isEmpty, let symbol = CanonicalSymbol(replaySymbol) else { return nil }
        let name = symbol.name(on: replayVenue.rawValue)
        guard let replay = replayVenue.makeReplay(symbol: name) else { throw ValidationError("symbol '\(name)' is not acceptable") }
        return try RecordedFlow(symbol: symbol, frames: RecordingLoader.load(paths: replayFiles), replay: replay)
    }

    func run() async throws {
        var configuration = VenueSimulator.Configuration()
        if let flow = try recording() {
            configuration.recording = flow
            configuration.recordingSpeed = replaySpeed
            configuration.loopRecording = loop
            let seconds = Double((flow.steps.last?.time ?? 0) - (flow.steps.first?.time ?? 0)) / 1e9
            FileHandle.standardOutput.write(Data((
                "replaying \(flow.symbol) from \(flow.frames) recorded frames: \(flow.steps.count) book updates over "
                + "\(Int(seconds)) s, prices \(flow.priceScale) and sizes \(flow.sizeScale) decimals, speed \(replaySpeed)"
                + (loop ? ", looping" : "") + "\n").utf8))
        }
        configuration.host = host
        configuration.ports = [
            .binance: binancePort, .coinbase: coinbasePort, .bitstamp: bitstampPort, .bitmex: bitmexPort, .okx: okxPort,
            .kraken: krakenPort, .binanceFutures: binanceFuturesPort,
        ]
        configuration.rate = rate
        configuration.step = .microseconds(Int64(stepMs * 1_000))
        configuration.seed = seed
        configuration.staggerVenues = stagger
        var logger = Logger(label: "bourse.venues")
        logger.logLevel = .warning
        let host = self.host
        let simulator = try VenueSimulator(configuration: configuration, logger: logger) { kind, port in
            let line = "\(kind.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)) ws://\(host):\(port)  http://\(host):\(port)\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
        FileHandle.standardOutput.write(
            Data(("instruments: " + configuration.effectiveInstruments.map(\.symbol.description).joined(separator: ", ") + "\n").utf8))
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: simulator)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
