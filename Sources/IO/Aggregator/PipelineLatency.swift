import BourseCore
import Synchronization

/// How long one symbol's pipeline takes from a venue frame's arrival, measured in the running aggregator on every
/// frame (not sampled): to the summary it caused (book applied, status published, venues merged, summary built),
/// and to that summary's first write to a gRPC stream. `GET /stats` shows both.
///
/// A frame's arrival is the moment the connector's reader has the frame from the WebSocket client, on the connector's
/// task (before it is parsed). Summaries caused by something else (a venue leaving, a snapshot response) are not
/// counted. A write counts once per summary, for whichever stream writes it first; with conflation, a summary
/// that no stream wrote is not counted.
public final class PipelineLatency: Sendable {
    private let summaries = Mutex(LatencyHistogram())
    private let writes = Mutex(LatencyHistogram())
    /// The newest summary sequence a write was counted for: a stream that writes an older or the same summary
    /// skips the lock.
    private let lastWritten = Atomic<UInt64>(0)

    public init() {}

    /// Counts a summary built `nanoseconds` after the frame that caused it.
    func recordSummary(_ nanoseconds: Int64) {
        summaries.withLock { $0.record(nanoseconds) }
    }

    /// Counts the write of `summary` to a gRPC stream at `now` if no stream wrote it before.
    func recordWrite(of summary: AggregatedSummary, at now: Int64) {
        guard let frame = summary.frameTime else { return }
        var seen = lastWritten.load(ordering: .relaxed)
        while summary.sequence > seen {
            let (exchanged, original) = lastWritten.compareExchange(expected: seen, desired: summary.sequence, ordering: .relaxed)
            if exchanged {
                writes.withLock { $0.record(now - frame) }
                return
            }
            seen = original
        }
    }

    /// Both histograms: frame → summary built, frame → first gRPC write. With `resetting`, each is taken and started
    /// afresh under its lock, so a frame recorded meanwhile counts in exactly one period.
    public func current(resetting: Bool = false) -> (summary: LatencyHistogram, write: LatencyHistogram) {
        func read(_ histogram: borrowing Mutex<LatencyHistogram>) -> LatencyHistogram {
            histogram.withLock { value in
                defer { if resetting { value = LatencyHistogram() } }
                return value
            }
        }
        return (read(summaries), read(writes))
    }

    /// Starts both histograms afresh (after a warm-up, say).
    public func reset() {
        summaries.withLock { $0 = LatencyHistogram() }
        writes.withLock { $0 = LatencyHistogram() }
    }

    /// The JSON of `GET /stats` (one line): per symbol, frames counted and the latency percentiles in microseconds,
    /// from a frame's arrival to its summary (`frame_to_summary_us`) and to that summary's first gRPC write
    /// (`frame_to_grpc_write_us`).
    /// - Parameter resetting: start every histogram afresh as it is read (``current(resetting:)``).
    public static func report(_ aggregators: [SymbolAggregator], resetting: Bool = false) -> String {
        func percentiles(_ histogram: LatencyHistogram) -> String {
            func us(_ ns: Int64) -> String { FixedPoint.format(ns, scale: 3) }
            return "{\"count\":\(histogram.count),\"p50\":\(us(histogram.percentile(0.5))),\"p90\":\(us(histogram.percentile(0.9))),"
                + "\"p99\":\(us(histogram.percentile(0.99))),\"p999\":\(us(histogram.percentile(0.999))),"
                + "\"max\":\(us(histogram.maximum))}"
        }
        let rows = aggregators.map { aggregator in
            let (summary, write) = aggregator.latency.current(resetting: resetting)
            return "{\"symbol\":\"\(aggregator.symbol)\",\"frame_to_summary_us\":\(percentiles(summary)),"
                + "\"frame_to_grpc_write_us\":\(percentiles(write))}"
        }
        return "{\"symbols\":[\(rows.joined(separator: ","))]}"
    }
}
