import ExchangeServer
import Foundation
import Testing

@Suite("REST trading over a real socket")
struct RESTTradingTests {
    @Test("signup and login give a session that can trade; place, amend, cancel move the hold")
    func signupPlaceAmendCancel() async throws {
        try await TestExchange.with { exchange in
            let api = exchange.client()
            let signup = try await api.post("/api/v1/auth/signup", #"{"username":"dora","password":"correct horse"}"#)
            #expect(signup.status == 201)
            let duplicate = try await api.post("/api/v1/auth/signup", #"{"username":"dora","password":"another one"}"#)
            #expect(duplicate.status == 409)
            #expect(duplicate.code == "duplicate_name")
            let wrong = try await api.post("/api/v1/auth/login", #"{"username":"dora","password":"wrong password"}"#)
            #expect(wrong.status == 401)
            #expect(wrong.code == "invalid_credentials")

            // Alice trades with a session token.
            let alice = Auth.token(try await api.login(exchange.alice))
            let before = try await api.balance(alice, "USDT")
            #expect(before.onHold == "0")
            let placed = try await api.place(alice, side: "buy", price: "100.5", size: "2")
            #expect(placed.status == 201)
            let id = try #require(placed.object["id"] as? Int)
            #expect(placed.object["status"] as? String == "new")
            #expect(placed.object["remaining"] as? String == "2")
            // Hold: 100.5 × 2 = 201 USDT plus the worst-case fee (0.1%) = 201.201.
            let held = try await api.balance(alice, "USDT")
            #expect(held.onHold == "201.201")

            let amended = try await api.request(.patch, "/api/v1/orders/\(id)", body: #"{"price":"100","size":"1"}"#, auth: alice)
            #expect(amended.status == 200)
            #expect(amended.object["price"] as? String == "100")
            #expect(amended.object["remaining"] as? String == "1")
            #expect(try await api.balance(alice, "USDT").onHold == "100.1")

            let open = try await api.get("/api/v1/orders?status=open", auth: alice)
            #expect(open.array.map { $0["id"] as? Int } == [id])

            let cancelled = try await api.delete("/api/v1/orders/\(id)", auth: alice)
            #expect(cancelled.status == 200)
            #expect(cancelled.object["status"] as? String == "cancelled")
            let after = try await api.balance(alice, "USDT")
            #expect(after.onHold == "0")
            #expect(after.available == before.available)
            #expect(try await api.get("/api/v1/orders?status=open", auth: alice).array.isEmpty)
            let all = try await api.get("/api/v1/orders?status=all", auth: alice)
            #expect(all.array.count == 1)
        }
    }

    @Test("a trade shows in trades, fills, the order book and both balances")
    func tradeVisibleEverywhere() async throws {
        try await TestExchange.with { exchange in
            let api = exchange.client()
            let alice = Auth.key(exchange.alice)
            let bob = Auth.key(exchange.bob)
            let ask = try await api.place(bob, side: "sell", price: "101", size: "3")
            #expect(ask.status == 201)
            let book = try await api.get("/api/v1/orderbook?symbol=BTC-USDT&depth=5")
            #expect(book.status == 200)
            #expect(book.object["asks"] as? [[String]] == [["101", "3"]])

            let bid = try await api.place(alice, side: "buy", price: "101", size: "1")
            #expect(bid.status == 201)
            #expect(bid.object["status"] as? String == "filled")
            #expect(bid.object["avgPrice"] as? String == "101")
            let after = try await api.get("/api/v1/orderbook?symbol=BTC-USDT")
            #expect(after.object["asks"] as? [[String]] == [["101", "2"]])
            #expect(after.object["lastPrice"] as? String == "101")

            // The hub sees the trade once the batch is durable and published; poll briefly.
            var trades: [[String: Any]] = []
            for _ in 0..<50 {
                trades = try await api.get("/api/v1/trades?symbol=BTC-USDT").array
                if !trades.isEmpty { break }
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(trades.count == 1)
            #expect(trades.first?["price"] as? String == "101")
            #expect(trades.first?["side"] as? String == "buy")
            let fills = try await api.get("/api/v1/fills", auth: alice).array
            #expect(fills.count == 1)
            #expect(fills.first?["liquidity"] as? String == "taker")
            #expect(fills.first?["side"] as? String == "buy")
            // Fees in the quote asset: 0.1% taker on 101 USDT, 0.05% maker.
            #expect(fills.first?["fee"] as? String == "0.101" && fills.first?["feeAsset"] as? String == "USDT")
            let bobFills = try await api.get("/api/v1/fills", auth: bob).array
            #expect(bobFills.first?["liquidity"] as? String == "maker")
            #expect(bobFills.first?["fee"] as? String == "0.0505")

            // Alice got 1 BTC (10 + 1) and paid 101 USDT + 0.1% taker fee.
            #expect(try await api.balance(alice, "BTC").available == "11")
            #expect(try await api.balance(alice, "USDT").available == "999898.899")
            // Bob still holds 2 BTC for the rest of his ask.
            #expect(try await api.balance(bob, "BTC").onHold == "2")

            let instruments = try await api.get("/api/v1/instruments").array
            #expect(instruments.map { $0["symbol"] as? String } == ["BTC-USDT", "ETH-USDT", "ETH-BTC"])
        }
    }

    @Test("cancel-all cancels the caller's open orders of one market")
    func cancelAll() async throws {
        try await TestExchange.with { exchange in
            let api = exchange.client()
            let alice = Auth.key(exchange.alice)
            _ = try await api.place(alice, side: "buy", price: "90", size: "1")
            _ = try await api.place(alice, side: "buy", price: "91", size: "1")
            _ = try await api.place(alice, side: "buy", price: "0.05", size: "1", symbol: "ETH-BTC")
            let response = try await api.delete("/api/v1/orders?symbol=BTC-USDT", auth: alice)
            #expect(response.status == 200)
            #expect((response.object["cancelled"] as? [Int])?.count == 2)
            let open = try await api.get("/api/v1/orders", auth: alice).array
            #expect(open.map { $0["symbol"] as? String } == ["ETH-BTC"])
        }
    }
}

@Suite("Good-till-date orders")
struct GoodTillDateTests {
    @Test("a GTD order expires on time with no other traffic (the tick service) and its hold is released")
    func expiresOnTime() async throws {
        try await TestExchange.with { exchange in
            let api = exchange.client()
            let alice = Auth.key(exchange.alice)
            // Far enough ahead that a loaded machine still places it before it is due.
            let expiresAt = Int64(Date().timeIntervalSince1970 * 1_000) + 3_000
            let placed = try await api.place(
                alice, side: "buy", price: "90", size: "1", extra: #","timeInForce":"gtd","expiresAt":\#(expiresAt)"#)
            #expect(placed.status == 201)
            #expect(placed.object["expiresAt"] as? Int == Int(expiresAt))
            let id = try #require(placed.object["id"] as? Int)
            var status = ""
            for _ in 0..<200 {
                try await Task.sleep(for: .milliseconds(50))
                status = try await api.get("/api/v1/orders/\(id)", auth: alice).object["status"] as? String ?? ""
                if status == "expired" { break }
            }
            #expect(status == "expired")
            #expect(try await api.balance(alice, "USDT").onHold == "0")
        }
    }
}
