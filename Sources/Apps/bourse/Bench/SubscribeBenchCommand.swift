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
        var latencies: [Int64] = []
        var received = 0
        (received, latencies) = try await withGRPCClient(
            transport: .http2NIOPosix(target: .ipv4(address: host, port: port), transportSecurity: .plaintext)
        ) { client in
            let aggregator = Orderbook_OrderbookAggregator.Client(wrapping: client)
            let result = try await aggregator.bookSummary(Orderbook_Empty()) { response in
                var latencies: [Int64] = []
                var received = 0
                for try await summary in response.messages {
                    let arrival = WallClock.nanoseconds()
                    let now = ContinuousClock.now
                    if now > measureUntil { break }
                    guard now > measureFrom else { continue }
                    received += 1
                    let frame = summary.venues.map(\.receiveTimestampNs).max() ?? 0
                    if frame > 0 { latencies.append(arrival - frame) }
                }
                return (received, latencies)
            }
            client.beginGracefulShutdown()
            return result
        }
        latencies.sort()
        print("{\"bench\":\"subscribe\",\"seconds\":\(seconds),\"summaries_per_sec\":\(Int(Double(received) / seconds)),"
              + "\"latency_samples\":\(latencies.count),\"newest_frame_to_client_us\":\(LatencyPercentiles.json(latencies))}")
    }
}

/// Percentiles of latencies in nanoseconds, as JSON in microseconds.
enum LatencyPercentiles {
    static func json(_ sorted: [Int64]) -> String {
        func percentile(_ q: Double) -> Double {
            sorted.isEmpty ? 0 : Double(sorted[min(sorted.count - 1, Int(q * Double(sorted.count - 1)))]) / 1000
        }
        return "{\"p50\":\(percentile(0.5)),\"p90\":\(percentile(0.9)),\"p99\":\(percentile(0.99)),"
            + "\"p999\":\(percentile(0.999)),\"max\":\(Double(sorted.last ?? 0) / 1000)}"
    }
}
