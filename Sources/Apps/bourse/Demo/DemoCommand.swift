import ArgumentParser
import Foundation

/// `bourse demo` (and `bourse` with no arguments): the whole system on loopback — simulated venues, the
/// exchange, connectors, the consolidated book, the aggregator (gRPC and web page), the market-making
/// strategy, the router and the execution client — with faults injected while it runs.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run everything on loopback: venues, exchange, feeds, consolidated book, aggregator, strategy, execution.",
        discussion: """
            Without --duration it runs until Ctrl-C and shows a live panel; with --duration N it stops after N
            seconds. Either way it ends by printing a JSON summary (orders_sent, fills per venue,
            duplicate_orders, slippage vs. plan, pnl, resyncs, faults_injected).
            """
    )

    @Option(help: "Seconds to run (0: until Ctrl-C).")
    var duration: Int = 0

    @Option(help: "Symbol to trade.")
    var symbol = "BTC/USDT"

    @Option(help: "Simulated venues to trade on (at least three; comma-separated).")
    var venues = "binance,coinbase,bitstamp,okx"

    @Option(help: "gRPC port of the aggregator (0: any free port).")
    var grpcPort = 50052

    @Option(help: "HTTP port of the aggregator's web page (0: any free port).")
    var httpPort = 8090

    @Option(help: "Port of the exchange (0: any free port).")
    var exchangePort = 8080

    @Option(help: "Folder for the exchange journal, the execution journal and credentials (default: a new temporary folder).")
    var data: String?

    @Option(help: "Seconds between injected faults (0: none).")
    var faultEvery: Int = 8

    @Flag(help: "No live panel (the summary is still printed).")
    var quiet = false

    func validate() throws {
        guard venues.split(separator: ",").count >= 3 else { throw ValidationError("--venues needs at least three venues") }
        for name in venues.split(separator: ",") where DemoSession.simulatedKind(String(name)) == nil {
            throw ValidationError("unknown venue '\(name)' (binance, coinbase, bitstamp, bitmex, okx)")
        }
    }

    func run() async throws {
        let folder = data ?? FileManager.default.temporaryDirectory.appendingPathComponent("bourse-demo-\(getpid())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let options = DemoSession.Options(
            symbol: symbol, venues: venues.split(separator: ",").map(String.init), grpcPort: grpcPort, httpPort: httpPort,
            exchangePort: exchangePort, data: folder, duration: duration, faultEvery: faultEvery,
            panel: !quiet && isatty(STDOUT_FILENO) == 1)
        let summary = try await DemoSession(options: options).run()
        FileHandle.standardOutput.write(Data((summary + "\n").utf8))
    }
}
