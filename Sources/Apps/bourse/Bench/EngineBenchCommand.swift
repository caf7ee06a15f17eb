import ArgumentParser
import BourseCore
import Crypto
import Foundation
import MatchingEngine

/// `bourse bench engine`: replays an order stream through one engine and prints one JSON line.
struct EngineBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Matching-engine throughput and per-command latency.",
        discussion: """
            Pass 1 times the whole stream (throughput); pass 2 replays it on a fresh engine timing every command
            (latency percentiles). Every event is consumed: fills are recorded for trade_sha256, level events are
            folded into a checksum. Build with -c release for meaningful figures.
            """
    )

    @Option(help: "CSV stream: A,<id>,<B|S>,<price>,<qty> (GTC limit), C,<id> (cancel); also I,... (IOC), M,<id>,<price> (move).")
    var stream: String?

    @Option(help: "Generate this many commands instead of reading a file (default: 1,000,000 when no --stream).")
    var generate: Int?

    @Option(help: "Seed for --generate.")
    var seed: UInt64 = 1

    @Option(help: "Generated workload: random, deep or exchange-core.")
    var workload: String = "random"

    @Option(help: "Also write the generated stream to this CSV file.")
    var writeStream: String?

    @Option(help: "Lookahead: before each command, hint the engine about the cancels and moves this many (and twice as many) places ahead (MatchingEngine.prefetch(order:)), as an engine consuming a queue of commands does; 0: one command at a time, no hints.")
    var lookahead = 4

    @Flag(help: "Skip the latency pass.")
    var noLatency = false

    func validate() throws {
        if stream != nil && generate != nil { throw ValidationError("give --stream FILE or --generate N, not both") }
        if StreamGenerator.Workload(rawValue: workload) == nil {
            throw ValidationError("unknown workload '\(workload)': random, deep or exchange-core")
        }
        if let generate, generate <= 0 { throw ValidationError("--generate must be positive") }
        if !(0...1_024).contains(lookahead) { throw ValidationError("--lookahead must be between 0 and 1024") }
    }

    func run() throws {
        let ops: [StreamOp]
        let source: String
        if let stream {
            ops = try OrderStream.read(path: stream)
            source = stream
        } else {
            ops = StreamGenerator.generate(
                StreamGenerator.Workload(rawValue: workload)!, count: generate ?? 1_000_000, seed: seed)
            source = "generated:\(workload):seed=\(seed)"
        }
        if let writeStream { try OrderStream.write(ops, to: writeStream) }

        let throughput = EngineBenchRun.throughput(ops, lookahead: lookahead)
        let latency = noLatency ? nil : EngineBenchRun.latency(ops, lookahead: lookahead)

        var hasher = SHA256()
        var line = [UInt8]()
        line.reserveCapacity(96)
        for fill in throughput.fills {
            line.removeAll(keepingCapacity: true)
            line.append(contentsOf: "\(fill.taker),\(fill.maker),\(fill.price),\(fill.quantity);".utf8)
            hasher.update(data: line)
        }
        let sha = hasher.finalize().map { String(format: "%02x", $0) }.joined()

        var json: [(String, String)] = [
            ("source", "\"\(source)\""),
            ("ops", "\(ops.count)"),
            ("lookahead", "\(lookahead)"),
            ("seconds", String(format: "%.6f", throughput.seconds)),
            ("ops_per_sec", String(format: "%.0f", Double(ops.count) / throughput.seconds)),
            ("ns_per_op", String(format: "%.1f", throughput.seconds * 1e9 / Double(ops.count))),
            ("trades", "\(throughput.fills.count)"),
            ("traded_qty", "\(throughput.tradedQuantity)"),
            ("trading_commands_pct", String(format: "%.1f", 100 * Double(throughput.tradingCommands) / Double(ops.count))),
            ("events", "\(throughput.events)"),
            ("level_events", "\(throughput.levelEvents)"),
            ("level_checksum", "\(throughput.levelChecksum)"),
            ("heap_allocations", throughput.allocations.map { "\($0)" } ?? "null"),
            ("resting_orders", "\(throughput.restingOrders)"),
            ("bid_levels", "\(throughput.bidLevels)"),
            ("ask_levels", "\(throughput.askLevels)"),
        ]
        if let latency {
            json += [
                ("p50_ns", "\(latency.percentile(0.50))"),
                ("p99_ns", "\(latency.percentile(0.99))"),
                ("p999_ns", "\(latency.percentile(0.999))"),
                ("max_ns", "\(latency.sorted.last ?? 0)"),
                ("clock_overhead_ns", "\(latency.clockOverhead)"),
                (
                    "p50_ns_by_kind",
                    "{" + latency.byKind.map { "\"\($0.kind)\":\(EngineBenchRun.Latency.percentile($0.sorted, 0.5))" }.joined(separator: ",")
                        + "}"
                ),
                (
                    "p99_ns_by_kind",
                    "{" + latency.byKind.map { "\"\($0.kind)\":\(EngineBenchRun.Latency.percentile($0.sorted, 0.99))" }.joined(separator: ",")
                        + "}"
                ),
            ]
        }
        json.append(("trade_sha256", "\"\(sha)\""))
        print("{" + json.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}")
    }
}
