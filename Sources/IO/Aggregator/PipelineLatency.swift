import BourseCore
import Synchronization

/// How long one symbol's pipeline takes from a venue frame's arrival, measured in the running aggregator on every
/// frame (not sampled): to the summary it caused (book applied, status published, venues merged, summary built),
/// and to the first write to a gRPC stream of a summary that contains it. `GET /stats` shows both.
///
/// A frame's arrival is the moment the connector's reader has the frame from the WebSocket client, on the connector's
/// task (before it is parsed). Summaries caused by something else (a venue leaving, a snapshot response) are not
/// counted. Writes: while at least one gRPC stream is open, every frame counts once, when the first stream writes its
/// summary *or a newer one* (conflation folds a frame's summary into the next; the frame's change leaves with that
/// one, so that is when it left). Frames that arrive with no stream open are not counted for writes. A frame whose
/// summary is still unwritten 4,096 summaries later (no stream wrote anything meanwhile: a stalled subscriber) is
/// counted then, with its latency so far, a lower bound; `/stats` reports how many (`lower_bounds`).
public final class PipelineLatency: Sendable {
    /// Both histograms and the frame times of the summaries not yet written, by sequence (a ring: a slot that comes
    /// round still unwritten is counted then, as a lower bound). One lock: a frame takes it once.
    struct State {
        static let ringSize = 4096
        var summary = LatencyHistogram()
        var write = LatencyHistogram()
        /// Frame → the flush that handed its summary's bytes to the kernel, where that time is known exactly.
        var socket = LatencyHistogram()
        var sequences = [UInt64](repeating: 0, count: ringSize)
        var frames = [Int64](repeating: 0, count: ringSize)
        /// Frames counted for writes when their slot was reused, before any write carried them.
        var lowerBounds = 0

        mutating func resetCounts() {
            summary = LatencyHistogram()
            write = LatencyHistogram()
            socket = LatencyHistogram()
            lowerBounds = 0
        }
    }

    private let state = Mutex(State())
    /// The newest summary sequence whose write was counted: a stream that writes an older or the same summary skips
    /// the lock.
    private let lastWritten = Atomic<UInt64>(0)
    /// gRPC streams open now.
    private let streams = Atomic<Int>(0)

    public init() {}

    /// Counts summary `sequence`, built at `builtAt`, caused by the frame that arrived at `frame`; while a stream is
    /// open, keeps the frame's time until a write carries it.
    func recordSummary(sequence: UInt64, frame: Int64, builtAt: Int64) {
        let keep = streams.load(ordering: .relaxed) > 0
        state.withLock { state in
            state.summary.record(builtAt - frame)
            guard keep else { return }
            let slot = Int(sequence % UInt64(State.ringSize))
            if state.sequences[slot] != 0 {
                // Never written within the ring's span: count it now, with the wait so far (a lower bound).
                state.write.record(builtAt - state.frames[slot])
                state.lowerBounds += 1
            }
            state.sequences[slot] = sequence
            state.frames[slot] = frame
        }
    }

    /// A gRPC stream opened. The first one starts the write counts from the current summary on (frames kept from
    /// an earlier stream's time, never written, are dropped).
    func streamOpened() {
        if streams.add(1, ordering: .relaxed).newValue == 1 {
            state.withLock { state in
                for slot in state.sequences.indices { state.sequences[slot] = 0 }
            }
        }
    }

    /// A gRPC stream ended.
    func streamClosed() { streams.subtract(1, ordering: .relaxed) }

    /// gRPC streams of the symbol open now.
    public var openStreams: Int { streams.load(ordering: .relaxed) }

    /// Counts, at `now`, every frame whose summary is `sequence` or older and not yet counted: the first stream to
    /// write summary `sequence` (or any newer one) does it. `socketAt`: when that write's bytes were handed to the
    /// kernel, if known exactly (``SocketHandoff``); those frames count for `frame_to_socket_us` too.
    func recordWrite(sequence: UInt64, at now: Int64, socketAt: Int64? = nil) {
        var seen = lastWritten.load(ordering: .relaxed)
        while sequence > seen {
            let (exchanged, original) = lastWritten.compareExchange(expected: seen, desired: sequence, ordering: .relaxed)
            if exchanged {
                state.withLock { state in
                    let size = UInt64(State.ringSize)
                    let first = max(seen + 1, sequence >= size ? sequence - size + 1 : 1)
                    for q in first...sequence {
                        let slot = Int(q % size)
                        guard state.sequences[slot] == q else { continue }
                        state.sequences[slot] = 0
                        state.write.record(now - state.frames[slot])
                        if let socketAt { state.socket.record(socketAt - state.frames[slot]) }
                    }
                }
                return
            }
            seen = original
        }
    }

    /// The histograms: frame → summary built, frame → first gRPC write (and how many of the latter are lower
    /// bounds), frame → its bytes handed to the kernel (only the frames whose time is known exactly). With
    /// `resetting`, they are taken and started afresh under the lock, so a frame recorded meanwhile counts in
    /// exactly one period.
    public func current(resetting: Bool = false)
        -> (summary: LatencyHistogram, write: LatencyHistogram, socket: LatencyHistogram, lowerBounds: Int)
    {
        state.withLock { state in
            defer { if resetting { state.resetCounts() } }
            return (state.summary, state.write, state.socket, state.lowerBounds)
        }
    }

    /// Starts both histograms afresh (after a warm-up, say).
    public func reset() {
        state.withLock { $0.resetCounts() }
    }

    /// The JSON of `GET /stats` (one line): per symbol, frames counted and the latency percentiles in microseconds,
    /// from a frame's arrival to its summary (`frame_to_summary_us`) and to the first gRPC write of that summary or a
    /// newer one (`frame_to_grpc_write_us`, with `lower_bounds`: how many of its frames were counted unwritten), and
    /// to the flush that handed those bytes to the kernel (`frame_to_socket_us`, only frames whose time is exact:
    /// see ``SocketHandoff``).
    /// - Parameter resetting: start every histogram afresh as it is read (``current(resetting:)``).
    public static func report(_ aggregators: [SymbolAggregator], resetting: Bool = false) -> String {
        func percentiles(_ histogram: LatencyHistogram, extra: String = "") -> String {
            func us(_ ns: Int64) -> String { FixedPoint.format(ns, scale: 3) }
            return "{\"count\":\(histogram.count),\"p50\":\(us(histogram.percentile(0.5))),\"p90\":\(us(histogram.percentile(0.9))),"
                + "\"p99\":\(us(histogram.percentile(0.99))),\"p999\":\(us(histogram.percentile(0.999))),"
                + "\"max\":\(us(histogram.maximum))\(extra)}"
        }
        let rows = aggregators.map { aggregator in
            let (summary, write, socket, lowerBounds) = aggregator.latency.current(resetting: resetting)
            return "{\"symbol\":\"\(aggregator.symbol)\",\"frame_to_summary_us\":\(percentiles(summary)),"
                + "\"frame_to_grpc_write_us\":\(percentiles(write, extra: ",\"lower_bounds\":\(lowerBounds)")),"
                + "\"frame_to_socket_us\":\(percentiles(socket))}"
        }
        return "{\"symbols\":[\(rows.joined(separator: ","))]}"
    }
}
