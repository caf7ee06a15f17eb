import GRPCNIOTransportHTTP2
import Testing

@testable import Aggregator

@Suite("PipelineLatency")
struct PipelineLatencyTests {
    @Test("reading with resetting returns the period's counts and starts the next period empty")
    func readingResets() {
        let latency = PipelineLatency()
        for (n, value) in [1_000, 2_000, 3_000].enumerated() { latency.recordSummary(sequence: UInt64(n + 1), frame: 0, builtAt: Int64(value)) }
        let first = latency.current(resetting: true)
        #expect(first.summary.count == 3)
        #expect(first.summary.maximum == 3_000)
        #expect(latency.current().summary.count == 0)
        latency.recordSummary(sequence: 4, frame: 0, builtAt: 500)
        #expect(latency.current().summary.count == 1)
        #expect(latency.current().summary.count == 1, "reading without resetting keeps the counts")
    }

    @Test("a write counts every frame of the summaries it supersedes, once, and only while a stream is open")
    func writesCountConflatedFrames() {
        let latency = PipelineLatency()
        // No stream open: frames count for summaries, not for writes.
        latency.recordSummary(sequence: 1, frame: 100, builtAt: 150)
        latency.streamOpened()
        latency.recordWrite(sequence: 1, at: 1_000)
        #expect(latency.current().write.count == 0)
        // Summaries 2, 3 (frames) and 4 (no frame: a venue left) are built; the stream writes 4 only.
        latency.recordSummary(sequence: 2, frame: 2_000, builtAt: 2_010)
        latency.recordSummary(sequence: 3, frame: 3_000, builtAt: 3_010)
        latency.recordWrite(sequence: 4, at: 5_000)
        var write = latency.current().write
        #expect(write.count == 2)
        #expect(write.maximum == 3_000, "frame 2's change left with summary 4, 3,000 ns after it came")
        // Another stream writing the same or an older summary counts nothing again.
        latency.recordWrite(sequence: 4, at: 9_000)
        latency.recordWrite(sequence: 3, at: 9_000)
        #expect(latency.current().write.count == 2)
        latency.recordSummary(sequence: 5, frame: 6_000, builtAt: 6_001)
        latency.recordWrite(sequence: 5, at: 6_500)
        write = latency.current().write
        #expect(write.count == 3 && write.minimum == 500)
        // Frames kept while the last stream was open but never written do not count when a new stream opens.
        latency.recordSummary(sequence: 6, frame: 7_000, builtAt: 7_001)
        latency.streamClosed()
        latency.streamOpened()
        latency.recordSummary(sequence: 7, frame: 8_000, builtAt: 8_001)
        latency.recordWrite(sequence: 7, at: 8_100)
        write = latency.current().write
        #expect(write.count == 4 && write.minimum == 100 && write.maximum == 3_000)
    }

    @Test("a write whose hand-off to the kernel is known counts its frames to the socket too; one without does not")
    func socketTimes() {
        let latency = PipelineLatency()
        latency.streamOpened()
        latency.recordSummary(sequence: 1, frame: 1_000, builtAt: 1_010)
        latency.recordSummary(sequence: 2, frame: 2_000, builtAt: 2_010)
        latency.recordWrite(sequence: 2, at: 2_500, socketAt: 2_300)
        var current = latency.current()
        #expect(current.write.count == 2 && current.socket.count == 2)
        #expect(current.socket.minimum == 300 && current.socket.maximum == 1_300)
        latency.recordSummary(sequence: 3, frame: 3_000, builtAt: 3_010)
        latency.recordWrite(sequence: 3, at: 3_100)
        current = latency.current(resetting: true)
        #expect(current.write.count == 3 && current.socket.count == 2)
        #expect(latency.current().socket.count == 0, "reset with the others")
    }

    @Test("a stalled subscriber: frames still unwritten when their slot comes round again count then, as lower bounds; none is lost or counted twice")
    func ringWraps() {
        let latency = PipelineLatency()
        latency.streamOpened()
        let frames = 4_096 + 10
        for n in 1...frames {
            latency.recordSummary(sequence: UInt64(n), frame: Int64(n) * 10, builtAt: Int64(n) * 10 + 1)
        }
        var current = latency.current()
        #expect(current.lowerBounds == 10 && current.write.count == 10)
        // Frame 1 was counted when summary 4,097 took its slot: 40,971 - 10 ns.
        #expect(current.write.maximum == 40_961)
        latency.recordWrite(sequence: UInt64(frames), at: 1_000_000)
        current = latency.current(resetting: true)
        #expect(current.write.count == frames, "every frame once")
        #expect(current.lowerBounds == 10)
        #expect(latency.current().lowerBounds == 0 && latency.current().write.count == 0)
    }

    @Test("frame yield: auto asks the readers to yield while at most four gRPC streams are open")
    func frameYieldFollowsTheStreams() throws {
        let latency = PipelineLatency()
        let auto = try #require(FrameYield.whileFewStreams.decision(latency))
        #expect(auto())
        for _ in 0..<FrameYield.fewStreams { latency.streamOpened() }
        #expect(latency.openStreams == 4 && auto())
        latency.streamOpened()
        #expect(!auto(), "five streams: no yield")
        latency.streamClosed()
        #expect(auto())
        let always = try #require(FrameYield.always.decision(latency))
        #expect(always())
        #expect(FrameYield.never.decision(latency) == nil)
    }

    @Test("the gRPC transport flushes at the end of the loop's pass by default (grpc-swift would hold it 100 µs)")
    func grpcFlushDelay() throws {
        let byDefault = AggregatorServer.grpcTransport(flushDelay: AggregatorServer.Configuration().grpcFlushDelay)
        #expect(byDefault.connection.flushCoalescing?.maxFlushDelay == .microseconds(1))
        #expect(AggregatorServer.grpcTransport(flushDelay: nil).connection.flushCoalescing == nil)
        let chosen = AggregatorServer.grpcTransport(flushDelay: .microseconds(50))
        #expect(chosen.connection.flushCoalescing?.maxFlushDelay == .microseconds(50))
    }
}
