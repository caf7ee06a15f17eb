import GRPCCore

/// The client's half of the summary stream's conflation.
///
/// The server conflates per subscriber: it never queues summaries it has not written. But HTTP/2 lets it write up
/// to the client's flow-control window ahead of what the client's code has read (grpc-swift clients grant 8 MiB by
/// default: thousands of summaries), so a client that *processes* summaries more slowly than they come (a terminal
/// redraw, a strategy step) still reads an ever older backlog from its own transport. Reading the stream as fast as
/// it arrives, on a task of its own, and keeping only the newest summary for the slow code solves that at the end
/// where it arises: ``withNewestSummaries(of:_:)``.
///
/// Each summary's `conflated` then counts every summary this client skipped: the server's count plus the ones
/// replaced here before the slow code took them.
public struct NewestSummaries: AsyncSequence, Sendable {
    public typealias Element = Orderbook_Summary

    /// Summaries with their arrival number (1, 2, 3, ...), holding only the newest.
    let arrivals: AsyncThrowingStream<(Orderbook_Summary, UInt64), any Error>

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: AsyncThrowingStream<(Orderbook_Summary, UInt64), any Error>.AsyncIterator
        var lastArrival: UInt64 = 0
        var skippedHere: UInt64 = 0

        public mutating func next() async throws -> Orderbook_Summary? {
            guard let (summary, arrival) = try await base.next() else { return nil }
            skippedHere += arrival - lastArrival - 1
            lastArrival = arrival
            var newest = summary
            newest.conflated += skippedHere
            return newest
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: arrivals.makeAsyncIterator()) }
}

/// Runs `body` with the newest summaries of `messages` (a `BookSummary` or `SymbolBookSummary` response): a task of
/// its own reads the stream as it arrives and keeps the newest summary until `body` asks for the next one. When
/// `body` returns, the reading stops.
public func withNewestSummaries<Result: Sendable>(
    of messages: RPCAsyncSequence<Orderbook_Summary, any Error>,
    _ body: (NewestSummaries) async throws -> Result
) async throws -> Result {
    let (arrivals, continuation) = AsyncThrowingStream.makeStream(
        of: (Orderbook_Summary, UInt64).self, bufferingPolicy: .bufferingNewest(1))
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask {
            do {
                var arrival: UInt64 = 0
                for try await summary in messages {
                    arrival += 1
                    continuation.yield((summary, arrival))
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        defer { group.cancelAll() }
        return try await body(NewestSummaries(arrivals: arrivals))
    }
}
