import BourseCore
import ExchangeCore
import ExchangeServer
import Foundation
import HummingbirdWSClient
import Logging
import NIOCore
import Testing

@Suite("Slow WebSocket consumers")
struct SlowConsumerTests {
    @Test("a client that stops reading is disconnected with policyViolation; the exchange keeps serving")
    func slowClientIsDropped() async throws {
        let configuration = ExchangeServerConfiguration(port: 0, receiveWindow: 60_000, bcryptCost: 4, socketQueueLimit: 4)
        try await TestExchange.with(configuration) { exchange in
            // A deep book makes every partial large (about 150 kB).
            let alice = AccountID(exchange.alice.account)
            for i in 1...1_500 {
                _ = try await exchange.sequencer.submit(
                    .place(account: alice, symbol: "BTC-USDT", order: .limit(.buy, price: Int64(i) * 100, quantity: 100)))
            }
            let close = try await withThrowingTaskGroup(of: WebSocketCloseFrame?.self) { group in
                group.addTask {
                    try await WebSocketClient.connect(
                        url: "ws://127.0.0.1:\(exchange.port)/realtime", logger: Logger(label: "test.slow")
                    ) { inbound, outbound, _ in
                        // Ask for ~100 partials without reading anything.
                        for _ in 0..<100 {
                            try await outbound.write(.text(#"{"op":"subscribe","args":["orderBookL2:BTC-USDT"]}"#))
                            try await outbound.write(.text(#"{"op":"unsubscribe","args":["orderBookL2:BTC-USDT"]}"#))
                        }
                        try await Task.sleep(for: .seconds(1))
                        // Now drain: the server must have given up on us.
                        for try await _ in inbound.messages(maxSize: 1 << 24) {}
                    }
                }
                group.addTask {
                    try await Task.sleep(for: .seconds(30))
                    throw CancellationError()
                }
                let result = try await group.next()!
                group.cancelAll()
                return result
            }
            #expect(close?.closeCode == .policyViolation)
            // The exchange is unaffected.
            let api = exchange.client()
            let book = try await api.get("/api/v1/orderbook?symbol=BTC-USDT&depth=1")
            #expect(book.object["bids"] as? [[String]] == [["1500", "0.0001"]])
        }
    }
}
