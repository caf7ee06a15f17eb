import Synchronization

/// What the subscribers of a symbol are sent, encoded once per summary and shared by every stream that sends it
/// (the gRPC bytes, the WebSocket JSON): with a thousand subscribers a summary is encoded once, not a thousand
/// times. One entry per aggregator and depth holds the newest output and the encoder's own state
/// (``SummaryWire/Encoder`` reuses the rows of the message it wrote last).
final class SummaryCache<Encoder: Sendable, Output: Sendable>: Sendable {
    struct Key: Hashable {
        var aggregator: ObjectIdentifier
        var levels: Int
    }

    struct Entry {
        var sequence: UInt64 = 0
        var output: Output?
        var encoder: Encoder
    }

    private let entries = Mutex<[Key: Entry]>([:])
    private let makeEncoder: @Sendable () -> Encoder
    private let encode: @Sendable (inout Encoder, AggregatedSummary, Int) -> Output

    /// - Parameters:
    ///   - encoder: a fresh encoder state, one per aggregator and depth.
    ///   - encode: the output of a summary at a depth.
    init(encoder: @escaping @Sendable () -> Encoder, encode: @escaping @Sendable (inout Encoder, AggregatedSummary, Int) -> Output) {
        makeEncoder = encoder
        self.encode = encode
    }

    /// The output of `summary` (identified by its sequence number within its aggregator), encoded once: the first
    /// stream to ask encodes it under the lock while the others wait for that result. A stream late with an older
    /// summary gets its output without replacing the newest.
    func output(_ summary: AggregatedSummary, of aggregator: SymbolAggregator, levels: Int) -> Output {
        let key = Key(aggregator: ObjectIdentifier(aggregator), levels: levels)
        return entries.withLock { entries in
            var entry = entries.removeValue(forKey: key) ?? Entry(encoder: makeEncoder())
            defer { entries[key] = entry }
            if entry.sequence == summary.sequence, let output = entry.output { return output }
            let output = encode(&entry.encoder, summary, levels)
            if entry.output == nil || summary.sequence >= entry.sequence {
                entry.sequence = summary.sequence
                entry.output = output
            }
            return output
        }
    }
}
