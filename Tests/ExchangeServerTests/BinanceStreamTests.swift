import ExchangeServer
import Foundation
import Testing

@Suite("Binance dialect: depth streams")
struct BinanceStreamTests {
    @Test("diff stream continuity: a client following Binance's rules ends with the REST depth book")
    func continuity() async throws {
        try await TestExchange.with { exchange in
            let rest = BinanceClient(port: exchange.port, user: exchange.alice)
            let api = exchange.client()
            let traders = [Auth.key(exchange.alice), Auth.key(exchange.bob)]
            @Sendable func trade(_ n: Int) async throws {
                var random = SystemRandomNumberGenerator()
                for i in 0..<n {
                    let buy = Bool.random(using: &random)
                    // Mostly resting orders around 100, some crossing ones that trade levels away.
                    let price =
                        buy ? Int.random(in: 92...101, using: &random) : Int.random(in: 99...108, using: &random)
                    let size = ["0.01", "0.02", "0.05", "0.1"].randomElement(using: &random)!
                    let response = try await api.place(
                        traders[i % 2], side: buy ? "buy" : "sell", price: String(price), size: size)
                    #expect(response.status == 201)
                }
            }
            try await trade(10)
            try await withRealtime(exchange, path: "/ws/0") { inbox, outbound in
                try await outbound.write(.text(#"{"method":"SUBSCRIBE","params":["btcusdt@depth@100ms"],"id":1}"#))
                _ = try await inbox.take { $0["id"] as? Int == 1 && $0.keys.contains("result") }
                // Changes while the client has not read the snapshot yet: it must buffer them.
                try await trade(15)
                let snapshot = try await rest.request(
                    .get, "/api/v3/depth", query: "symbol=BTCUSDT&limit=5000", sign: false)
                var book = BinanceLocalBook(snapshot: snapshot.object)
                try await trade(25)
                try await Task.sleep(for: .milliseconds(300))
                let final = try await rest.request(
                    .get, "/api/v3/depth", query: "symbol=BTCUSDT&limit=5000", sign: false)
                let target = BinanceLocalBook(snapshot: final.object)
                let deadline = ContinuousClock.now + .seconds(30)
                while book.lastUpdateID < target.lastUpdateID && ContinuousClock.now < deadline {
                    for text in await inbox.drain() {
                        let event = try #require(
                            try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
                        #expect(event["e"] as? String == "depthUpdate")
                        #expect(event["s"] as? String == "BTCUSDT")
                        try book.apply(event)
                    }
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(book.lastUpdateID == target.lastUpdateID)
                #expect(book.applied > 0)
                #expect(book.bids == target.bids)
                #expect(book.asks == target.asks)
            }
        }
    }

    @Test("combined stream envelope, LIST_SUBSCRIPTIONS, UNSUBSCRIBE, and errors for bad requests")
    func combinedStream() async throws {
        try await TestExchange.with { exchange in
            let api = exchange.client()
            try await withRealtime(exchange, path: "/stream?streams=btcusdt@depth") { inbox, outbound in
                try await outbound.write(.text(#"{"method":"LIST_SUBSCRIPTIONS","id":"a"}"#))
                let list = try await inbox.take { $0["id"] as? String == "a" }
                #expect(list["result"] as? [String] == ["btcusdt@depth"])
                #expect(try await api.place(.key(exchange.bob), side: "sell", price: "105", size: "1").status == 201)
                let event = try await inbox.take { $0["stream"] != nil }
                #expect(event["stream"] as? String == "btcusdt@depth")
                let data = try #require(event["data"] as? [String: Any])
                #expect(data["e"] as? String == "depthUpdate")
                #expect(data["a"] as? [[String]] == [["105", "1"]])
                #expect((data["U"] as? Int).map { $0 >= 1 } == true)

                try await outbound.write(.text(#"{"method":"SUBSCRIBE","params":["nope@depth"],"id":7}"#))
                let error = try await inbox.take { $0["id"] as? Int == 7 }
                #expect((error["error"] as? [String: Any])?["code"] as? Int == 2)
                try await outbound.write(.text(#"{"method":"UNSUBSCRIBE","params":["btcusdt@depth"],"id":8}"#))
                let done = try await inbox.take { $0["id"] as? Int == 8 }
                #expect(done.keys.contains("result"))
                #expect(done["result"] is NSNull)
                try await outbound.write(.text(#"{"method":"LIST_SUBSCRIPTIONS","id":9}"#))
                let none = try await inbox.take { $0["id"] as? Int == 9 }
                #expect(none["result"] as? [String] == [])
            }
        }
    }
}
