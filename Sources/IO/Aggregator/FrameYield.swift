/// When the venues' socket readers of a symbol yield after each frame (``Feeds/FeedConfiguration/yieldAfterFrame``).
///
/// Yielding lets the gRPC streams woken by a frame write before the reader takes the next frame already received:
/// with one subscriber the tail of frame → gRPC write halves, but with a hundred on the same thread each frame
/// would wait for all their writes and the connectors fall behind the venues (BENCHMARKS.md). Hence the default,
/// ``whileFewStreams``.
public enum FrameYield: String, Sendable, CaseIterable {
    /// Yield while the symbol has at most ``fewStreams`` gRPC streams open.
    case whileFewStreams = "auto"
    /// Yield after every frame.
    case always
    /// Never yield: a reader works through every frame that arrived together.
    case never

    /// The most gRPC streams of a symbol with which ``whileFewStreams`` still yields: four writes after a frame
    /// take about as long as the frame itself took to apply.
    public static let fewStreams = 4

    /// The question a symbol's connectors ask after each frame, reading the symbol's stream count in `latency`.
    public func decision(_ latency: PipelineLatency) -> (@Sendable () -> Bool)? {
        switch self {
        case .whileFewStreams: return { latency.openStreams <= Self.fewStreams }
        case .always: return { true }
        case .never: return nil
        }
    }
}
