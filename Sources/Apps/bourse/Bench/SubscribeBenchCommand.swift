import AggregatorAPI
import ArgumentParser
import BourseCore
import GRPCCore
import GRPCNIOTransportHTTP2

/// `bourse bench subscribe`: one gRPC subscriber of a running aggregator (another process) measuring, for every
/// summary it receives, the time from the newest venue frame in it to its arrival here.
///
/// The aggregator's own counters (`GET /stats`) stop at its `write` call; this is what a client sees, so it also
/// counts whatever the server's transport holds back (flush coalescing), the loopback socket and the client's own
/// HTTP/2 and protobuf decoding. Both processes read the same wall clock.
struct SubscribeBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "subscribe",
        abstract: "Newest frame to client arrival of a running aggregator's summaries (one JSON line)."
    )

    @Option(help: "The aggregator's gRPC address.")
    var host = "127.0.0.1"

    @Option(help: "The aggregator's gRPC port.")
    var port = 50052

    @Option(help: "Seconds to wait before measuring.")
    var warmup: Double = 2

    @Option(help: "Seconds to measure.")
    var seconds: Double = 10

    func validate() throws {
        if seconds <= 0 || warmup < 0 { throw ValidationError("--seconds must be positive and --warmup not negative") }
    }

    func run() async throws {
        let measureFrom = ContinuousClock.now + .milliseconds(Int64(warmup * 1000))
        let measureUntil = measureFrom + .milliseconds(Int64(seconds * 1000))
        let (received, latencies) = try await withGRPCClient(
            transport: .http2NIOPosix(target: .ipv4(address: host, port: port), transportSecurity: .plaintext)
        ) { client in
            let aggregator = Orderbook_OrderbookAggregator.Client(wrapping: client)
            // The stream is read until the window ends, or given up a second after it if the server went quiet.
            let result = try await withThrowingTaskGroup(of: (Int, [Int64])?.self) { group in
                group.addTask {
                    try await aggregator.bookSummary(Orderbook_Empty()) { response in
                        try await Self.measure(response.messages, from: measureFrom, until: measureUntil)
                    }
                }
                group.addTask {
                    try await Task.sleep(until: measureUntil + .seconds(1))
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let result = first else {
                    throw ValidationError("no summary arrived after the window: the aggregator went quiet")
                }
                return result
            }
            client.beginGracefulShutdown()
            return result
        }
        let sorted = latencies.sorted()
        let perSecond = Int(Double(received) / seconds)
        print(
            "{\"bench\":\"subscribe\",\"seconds\":\(seconds),\"summaries_per_sec\":\(perSecond),"
                + "\"latency_samples\":\(sorted.count),\"newest_frame_to_client_us\":\(LatencyPercentiles.json(sorted))}")
    }

    /// Summaries received inside the window, and each one's newest frame → arrival in nanoseconds.
    private static func measure(
        _ messages: RPCAsyncSequence<Orderbook_Summary, any Error>,
        from: ContinuousClock.Instant, until: ContinuousClock.Instant
    ) async throws -> (Int, [Int64]) {
        var latencies: [Int64] = []
        var received = 0
        for try await summary in messages {
            let arrival = WallClock.nanoseconds()
            let now = ContinuousClock.now
            if now > until { break }
            guard now > from else { continue }
            received += 1
            let frame = summary.venues.map(\.receiveTimestampNs).max() ?? 0
            if frame > 0 { latencies.append(arrival - frame) }
        }
        return (received, latencies)
    }
}
