import Testing

@testable import Aggregator

@Suite("PipelineLatency")
struct PipelineLatencyTests {
    @Test("reading with resetting returns the period's counts and starts the next period empty")
    func readingResets() {
        let latency = PipelineLatency()
        for value in [1_000, 2_000, 3_000] { latency.recordSummary(Int64(value)) }
        let first = latency.current(resetting: true)
        #expect(first.summary.count == 3)
        #expect(first.summary.maximum == 3_000)
        #expect(latency.current().summary.count == 0)
        latency.recordSummary(500)
        #expect(latency.current().summary.count == 1)
        #expect(latency.current().summary.count == 1, "reading without resetting keeps the counts")
    }
}
