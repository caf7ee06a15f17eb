import ArgumentParser
import Foundation
import Feeds
import Logging
import ServiceLifecycle
import VenueSimulator

/// `bourse venues`: the simulated venues on loopback, in their own wire formats.
struct VenuesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "venues",
        abstract: "Serve simulated Binance, Coinbase, Bitstamp, BitMEX and OKX market data on loopback.",
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

    @Option(help: "Random seed of the order flow.")
    var seed: UInt64 = 42

    func run() async throws {
        var configuration = VenueSimulator.Configuration()
        configuration.host = host
        configuration.ports = [
            .binance: binancePort, .coinbase: coinbasePort, .bitstamp: bitstampPort, .bitmex: bitmexPort, .okx: okxPort,
            .kraken: krakenPort,
        ]
        configuration.rate = rate
        configuration.seed = seed
        var logger = Logger(label: "bourse.venues")
        logger.logLevel = .warning
        let host = self.host
        let simulator = try VenueSimulator(configuration: configuration, logger: logger) { kind, port in
            let line = "\(kind.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) ws://\(host):\(port)  http://\(host):\(port)\n"
            FileHandle.standardOutput.write(Data(line.utf8))
        }
        FileHandle.standardOutput.write(
            Data(("instruments: " + configuration.instruments.map(\.symbol.description).joined(separator: ", ") + "\n").utf8))
        let group = ServiceGroup(
            configuration: .init(services: [.init(service: simulator)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
