import ExchangeServer
import ExchangeService
import Foundation
import Testing

@Suite("WebSocket /realtime")
struct RealtimeTests {
    @Test("orderBookL2, trade and instrument: partial with filter, then insert/update/delete after trades")
    func publicChannels() async throws {
        try await TestExchange.with { exchange in
            let api = exchange.client()
            let bob = Auth.key(exchange.bob)
            let alice = Auth.key(exchange.alice)
            #expect(try await api.place(bob, side: "buy", price: "99", size: "1").status == 201)
            try await withRealtime(exchange) { inbox, outbound in
                _ = try await inbox.take { $0["info"] != nil }
                try await outbound.write(
                    .text(#"{"op":"subscribe","args":["orderBookL2:BTC-USDT","trade:BTC-USDT","instrument:BTC-USDT"]}"#))
                let ack = try await inbox.take { $0["subscribe"] as? String == "orderBookL2:BTC-USDT" }
                #expect(ack["success"] as? Bool == true)
                let partial = try await inbox.take { $0["table"] as? String == "orderBookL2" }
                #expect(partial["action"] as? String == "partial")
                #expect(partial["filter"] as? [String: String] == ["symbol": "BTC-USDT"])
                #expect(partial["keys"] as? [String] == ["symbol", "id", "side"])
                let level = try #require(rows(partial).first)
                #expect(level["price"] as? String == "99")
                #expect(level["size"] as? String == "1")
                #expect(level["side"] as? String == "Buy")
                #expect(level["id"] as? Int == 9_900)
                _ = try await inbox.take { $0["table"] as? String == "trade" && $0["action"] as? String == "partial" }
                _ = try await inbox.take { $0["table"] as? String == "instrument" && $0["action"] as? String == "partial" }

                #expect(try await api.place(bob, side: "sell", price: "101", size: "2").status == 201)
                let insert = try await inbox.take { $0["table"] as? String == "orderBookL2" }
                #expect(insert["action"] as? String == "insert")
                #expect(rows(insert).first?["price"] as? String == "101")
                #expect(rows(insert).first?["size"] as? String == "2")
                #expect(rows(insert).first?["side"] as? String == "Sell")

                #expect(try await api.place(alice, side: "buy", price: "101", size: "1").status == 201)
                let update = try await inbox.take { $0["table"] as? String == "orderBookL2" }
                #expect(update["action"] as? String == "update")
                #expect(rows(update).first?["size"] as? String == "1")
                let trade = try await inbox.take { $0["table"] as? String == "trade" }
                #expect(trade["action"] as? String == "insert")
                #expect(rows(trade).first?["price"] as? String == "101")
                #expect(rows(trade).first?["size"] as? String == "1")
                #expect(rows(trade).first?["side"] as? String == "Buy")
                let instrument = try await inbox.take {
                    $0["table"] as? String == "instrument" && rows($0).first?["lastPrice"] as? String == "101"
                }
                #expect(rows(instrument).first?["volume24h"] as? String == "1")

                #expect(try await api.place(alice, side: "buy", price: "101", size: "1").status == 201)
                let delete = try await inbox.take { $0["table"] as? String == "orderBookL2" }
                #expect(delete["action"] as? String == "delete")
                #expect(rows(delete).first?["id"] as? Int == 10_100)

                try await outbound.write(.text(#"{"op":"unsubscribe","args":["orderBookL2:BTC-USDT"]}"#))
                _ = try await inbox.take { $0["unsubscribe"] as? String == "orderBookL2:BTC-USDT" }
            }
        }
    }

    @Test("after authKey: private order and balance channels, orders placed and cancelled over the socket")
    func privateChannels() async throws {
        try await TestExchange.with { exchange in
            let alice = exchange.alice
            try await withRealtime(exchange) { inbox, outbound in
                try await outbound.write(.text(#"{"op":"subscribe","args":["order"]}"#))
                let refused = try await inbox.take { $0["success"] as? Bool == false }
                #expect((refused["error"] as? [String: Any])?["code"] as? String == "not_authenticated")

                try await outbound.write(.text("{not json"))
                let invalid = try await inbox.take { $0["success"] as? Bool == false }
                #expect((invalid["error"] as? [String: Any])?["code"] as? String == "invalid_json")

                let now = ExchangeSequencer.wallClockMilliseconds()
                let badSignature = String(repeating: "00", count: 32)
                try await outbound.write(.text(#"{"op":"authKey","args":["\#(alice.apiKey)",\#(now),"\#(badSignature)"]}"#))
                let rejected = try await inbox.take { $0["op"] as? String == "authKey" }
                #expect(rejected["success"] as? Bool == false)

                let signature = RequestSignature.hex(payload: Array("\(now)GET/realtime".utf8), secret: alice.apiSecret)
                try await outbound.write(.text(#"{"op":"authKey","args":["\#(alice.apiKey)",\#(now),"\#(signature)"]}"#))
                let authed = try await inbox.take { $0["op"] as? String == "authKey" }
                #expect(authed["success"] as? Bool == true)

                try await outbound.write(.text(#"{"op":"subscribe","args":["order","balance"]}"#))
                let orders = try await inbox.take { $0["table"] as? String == "order" }
                #expect(orders["action"] as? String == "partial")
                #expect(rows(orders).isEmpty)
                let balances = try await inbox.take { $0["table"] as? String == "balance" }
                #expect(rows(balances).contains { $0["asset"] as? String == "USDT" && $0["available"] as? String == "1000000" })

                try await outbound.write(
                    .text(#"{"op":"order","id":7,"args":{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"90","size":"1"}}"#))
                let placed = try await inbox.take { $0["op"] as? String == "order" }
                #expect(placed["success"] as? Bool == true)
                #expect(placed["id"] as? String == "7")
                let order = try #require(placed["data"] as? [String: Any])
                let id = try #require(order["id"] as? Int)
                let inserted = try await inbox.take { $0["table"] as? String == "order" }
                #expect(inserted["action"] as? String == "insert")
                #expect(rows(inserted).first?["remaining"] as? String == "1")
                let held = try await inbox.take { $0["table"] as? String == "balance" }
                #expect(rows(held).first?["onHold"] as? String == "90.09")

                try await outbound.write(.text(#"{"op":"cancel","args":{"orderId":\#(id)}}"#))
                let cancelled = try await inbox.take { $0["op"] as? String == "cancel" }
                #expect(cancelled["success"] as? Bool == true)
                let update = try await inbox.take { $0["table"] as? String == "order" }
                #expect(update["action"] as? String == "update")
                #expect(rows(update).first?["status"] as? String == "cancelled")
                #expect(rows(update).first?["remaining"] as? String == "0")

                try await outbound.write(.text("ping"))
                for _ in 0..<100 where !(await inbox.contains("pong")) { try await Task.sleep(for: .milliseconds(10)) }
                #expect(await inbox.contains("pong"))
            }
        }
    }
}
