/// One WebSocket client as the hub sees it: an id and a bounded queue of outgoing text frames.
///
/// The hub never waits for a client: it appends to the queue, and when the queue is full the client is too slow
/// and is disconnected (its queue finishes, the socket's writer closes the connection). Memory per client is
/// bounded by the queue limit.
final class RealtimeConnection: Sendable {
    let id: Int
    let messages: AsyncStream<String>
    private let continuation: AsyncStream<String>.Continuation

    init(id: Int, queueLimit: Int) {
        self.id = id
        (messages, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingOldest(queueLimit))
    }

    /// Queues a frame; `false` when the client is too slow (queue full) or gone.
    @discardableResult
    func send(_ text: String) -> Bool {
        switch continuation.yield(text) {
        case .enqueued: return true
        case .dropped, .terminated: return false
        @unknown default: return false
        }
    }

    /// Ends the queue: the writer sends what is queued, then closes the socket.
    func finish() { continuation.finish() }
}
