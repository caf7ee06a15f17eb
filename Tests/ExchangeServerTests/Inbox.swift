import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import Testing

/// Collects the text frames a test socket receives and waits for the ones a test expects.
actor Inbox {
    private var messages: [String] = []

    func append(_ text: String) { messages.append(text) }

    private func snapshot() -> [String] { messages }

    private func remove(_ text: String) {
        if let i = messages.firstIndex(of: text) { messages.remove(at: i) }
    }

    /// Removes and returns the first received JSON object matching `predicate`, waiting up to `timeout` (patient:
    /// under full CI load a frame took over 5 s to arrive).
    nonisolated func take(
        timeout: Duration = .seconds(30), sourceLocation: SourceLocation = #_sourceLocation,
        _ predicate: ([String: Any]) -> Bool
    ) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        var seen: [String] = []
        while ContinuousClock.now < deadline {
            seen = await snapshot()
            for text in seen {
                guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                    continue
                }
                if predicate(object) {
                    await remove(text)
                    return object
                }
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        Issue.record("no matching message; received: \(seen)", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    /// Removes and returns every frame received so far, in arrival order.
    func drain() -> [String] {
        defer { messages.removeAll() }
        return messages
    }

    /// Whether a raw text frame was received.
    func contains(_ text: String) -> Bool { messages.contains(text) }
}

/// Opens `/realtime`, runs `body` with the socket's inbox and writer, then closes the socket.
func withRealtime(
    _ exchange: TestExchange, path: String = "/realtime",
    _ body: @escaping @Sendable (Inbox, WebSocketOutboundWriter) async throws -> Void
) async throws {
    let inbox = Inbox()
    try await WebSocketClient.connect(
        url: "ws://127.0.0.1:\(exchange.port)\(path)", logger: Logger(label: "test.realtime")
    ) { inbound, outbound, _ in
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    if case .text(let text) = message { await inbox.append(text) }
                }
            }
            try await body(inbox, outbound)
            try await outbound.close(.normalClosure, reason: nil)
            try await group.waitForAll()
        }
    }
}

/// `json["data"]` as rows.
func rows(_ json: [String: Any]) -> [[String: Any]] { json["data"] as? [[String: Any]] ?? [] }
