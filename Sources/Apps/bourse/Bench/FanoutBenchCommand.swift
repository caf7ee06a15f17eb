import ArgumentParser
import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import Synchronization

/// `bourse bench fanout`: opens many `/realtime` subscribers to one symbol's `orderBookL2` on a running
/// exchange and counts what they receive while something else (e.g. `scripts/bench-fanout.sh` with wrk) trades.
/// Some subscribers never read: the exchange must drop them (its per-socket queue is bounded) instead of
/// buffering for them or slowing down. Prints one JSON line.
struct FanoutBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fanout",
        abstract: "WebSocket fan-out: N subscribers to orderBookL2 (some never reading) on a running exchange."
    )

    @Option(help: "The exchange's WebSocket address.")
    var url: String = "ws://127.0.0.1:8080/realtime"

    @Option(help: "Subscribers that read everything.")
    var subscribers: Int = 1_000

    @Option(help: "Extra subscribers that never read (slow consumers).")
    var slow: Int = 10

    @Option(help: "How long to listen (seconds).")
    var seconds: Int = 10

    @Option(help: "Symbol whose book to subscribe to.")
    var symbol: String = "BTC-USDT"

    /// Counters shared by every subscriber task.
    final class Counters: Sendable {
        let connected = Atomic<Int>(0)
        let messages = Atomic<Int>(0)
        let bytes = Atomic<Int>(0)
        let closedByServer = Atomic<Int>(0)
        let slowClosed = Atomic<Int>(0)
        let failed = Atomic<Int>(0)
    }

    func run() async throws {
        let counters = Counters()
        var logger = Logger(label: "bourse.bench.fanout")
        logger.logLevel = .critical
        let subscribe = #"{"op":"subscribe","args":["orderBookL2:\#(symbol)"]}"#
        let deadline = ContinuousClock.now + .seconds(seconds)
        let started = ContinuousClock.now
        let (url, logger2) = (url, logger)
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<(subscribers + slow) {
                let reads = index < subscribers
                group.addTask {
                    do {
                        try await WebSocketClient.connect(url: url, logger: logger2) { inbound, outbound, _ in
                            counters.connected.add(1, ordering: .relaxed)
                            try await outbound.write(.text(subscribe))
                            if reads {
                                try await withThrowingTaskGroup(of: Void.self) { inner in
                                    inner.addTask {
                                        for try await frame in inbound {
                                            counters.messages.add(1, ordering: .relaxed)
                                            counters.bytes.add(frame.data.readableBytes, ordering: .relaxed)
                                        }
                                        // The server ended the socket before the deadline.
                                        if ContinuousClock.now < deadline { counters.closedByServer.add(1, ordering: .relaxed) }
                                    }
                                    inner.addTask { try await Task.sleep(until: deadline) }
                                    try await inner.next()
                                    inner.cancelAll()
                                }
                            } else {
                                // Never read; learn at the end whether the server has dropped us.
                                try await Task.sleep(until: deadline)
                                let closed = try await withThrowingTaskGroup(of: Bool.self) { drain in
                                    drain.addTask {
                                        for try await _ in inbound {}
                                        return true
                                    }
                                    drain.addTask {
                                        try await Task.sleep(for: .seconds(3))
                                        return false
                                    }
                                    defer { drain.cancelAll() }
                                    return try await drain.next() ?? false
                                }
                                if closed { counters.slowClosed.add(1, ordering: .relaxed) }
                            }
                        }
                    } catch {
                        if !reads { counters.slowClosed.add(1, ordering: .relaxed) } else { counters.failed.add(1, ordering: .relaxed) }
                    }
                }
                // Do not open a thousand handshakes in the same millisecond.
                if index % 100 == 99 { try? await Task.sleep(for: .milliseconds(20)) }
            }
        }
        let elapsed = ContinuousClock.now - started
        let secondsElapsed = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let messages = counters.messages.load(ordering: .relaxed)
        let result: [String: Any] = [
            "subscribers": subscribers, "slow_subscribers": slow,
            "connected": counters.connected.load(ordering: .relaxed), "failed": counters.failed.load(ordering: .relaxed),
            "messages": messages, "bytes": counters.bytes.load(ordering: .relaxed),
            "seconds": (secondsElapsed * 100).rounded() / 100,
            "messages_per_sec": Int(Double(messages) / secondsElapsed),
            "readers_closed_by_server": counters.closedByServer.load(ordering: .relaxed),
            "slow_closed_by_server": counters.slowClosed.load(ordering: .relaxed),
        ]
        let data = try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys])
        print(String(decoding: data, as: UTF8.self))
    }
}
