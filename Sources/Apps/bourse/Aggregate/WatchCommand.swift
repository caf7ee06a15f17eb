import AggregatorAPI
import ArgumentParser
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2

/// `bourse watch`: a live ladder of the consolidated book, from the aggregator's gRPC stream.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Draw the aggregator's consolidated book live in the terminal (gRPC client). q quits.",
        discussion: "Bids and asks with their venue and size bars, the spread, venue states and the update rate."
    )

    @Option(help: "Aggregator host.")
    var host = "127.0.0.1"

    @Option(help: "Aggregator gRPC port.")
    var port = 50052

    @Option(help: "Symbol (default: the aggregator's first).")
    var symbol: String?

    @Option(help: "Levels per side.")
    var levels = 10

    @Option(help: "Stop after this many summaries (0: until q or Ctrl-C).")
    var frames = 0

    @Flag(help: "Plain text, one ladder after the other (no screen control; for logs and tests).")
    var plain = false

    @Flag(help: "Watch the strategy's trader book (from the aggregator's HTTP port) instead of the consolidated book.")
    var trader = false

    @Option(help: "Aggregator HTTP port (for --trader).")
    var httpPort = 8090

    func run() async throws {
        if trader {
            try await TraderWatch(host: host, port: httpPort, symbol: symbol, frames: frames, interactive: !plain && isatty(1) == 1).run()
            return
        }
        let interactive = !plain && isatty(1) == 1
        let keyboard = interactive ? RawKeyboard() : nil
        defer { keyboard?.restore() }
        let frames = self.frames, levels = self.levels, symbol = self.symbol
        try await withGRPCClient(
            transport: .http2NIOPosix(target: .ipv4(address: host, port: port), transportSecurity: .plaintext)
        ) { client in
            let aggregator = Orderbook_OrderbookAggregator.Client(wrapping: client)
            try await withThrowingTaskGroup(of: Void.self) { group in
                if let keyboard {
                    // `q` ends the group normally: the stream task is cancelled and the command exits 0.
                    group.addTask { await keyboard.waitForQuit() }
                }
                group.addTask {
                    let printer = LadderPrinter(levels: levels, frames: frames, interactive: interactive)
                    if let symbol {
                        var request = Orderbook_SymbolRequest()
                        request.symbol = symbol
                        request.levels = UInt32(levels)
                        try await aggregator.symbolBookSummary(request) { response in
                            try await Self.draw(response.messages, with: printer)
                        }
                    } else {
                        try await aggregator.bookSummary(Orderbook_Empty()) { response in
                            try await Self.draw(response.messages, with: printer)
                        }
                    }
                }
                _ = try await group.next()
                group.cancelAll()
            }
            client.beginGracefulShutdown()
        }
    }
}

extension WatchCommand {
    /// Draws the newest summary each time the terminal is ready for another: a slow terminal skips summaries
    /// (counted in `conflated`) instead of falling behind the book.
    static func draw(_ messages: RPCAsyncSequence<Orderbook_Summary, any Error>, with printer: LadderPrinter) async throws {
        try await withNewestSummaries(of: messages) { summaries in
            var p = printer
            for try await message in summaries where !p.draw(message) { break }
        }
    }
}

/// Draws summaries: clears the screen in interactive mode, prints ladders one after the other otherwise.
struct LadderPrinter {
    let levels: Int
    let frames: Int
    let interactive: Bool
    var rate = UpdateRate()
    var shown = 0

    /// Draws one summary; `false` once `frames` have been shown.
    mutating func draw(_ summary: Orderbook_Summary) -> Bool {
        rate.tick()
        shown += 1
        let size = interactive ? TerminalSize.current() : (rows: 1_000, columns: 100)
        let text = Ladder.render(summary, levels: levels, width: size.columns, height: size.rows, rate: rate.perSecond)
        if interactive {
            FileHandle.standardOutput.write(Data(("\u{1B}[H\u{1B}[2J" + text).utf8))
        } else {
            FileHandle.standardOutput.write(Data((text + "\n").utf8))
        }
        return frames == 0 || shown < frames
    }
}

/// Updates per second over the last few seconds.
struct UpdateRate {
    private var times: [ContinuousClock.Instant] = []
    mutating func tick() {
        let now = ContinuousClock.now
        times.append(now)
        times.removeAll { now - $0 > .seconds(3) }
    }
    var perSecond: Double {
        guard let first = times.first, let last = times.last, times.count > 1 else { return 0 }
        let span = last - first
        let seconds = Double(span.components.seconds) + Double(span.components.attoseconds) / 1e18
        return seconds > 0 ? Double(times.count - 1) / seconds : 0
    }
}
