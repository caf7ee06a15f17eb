import ExchangeServer
import Foundation
import Testing

@Suite("Bracket positions")
struct BracketTests {
    @Test("a filled bracket entry arms both legs; closing cancels them and exits the position at market")
    func placeAndClose() async throws {
        try await TestExchange.with { exchange in
            let api = exchange.client()
            let alice = Auth.key(exchange.alice)
            let bob = Auth.key(exchange.bob)
            #expect(try await api.place(bob, side: "sell", price: "100", size: "1").status == 201)

            let placed = try await api.post(
                "/api/v1/brackets",
                #"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"100","size":"1","takeProfitPrice":"110","stopLossTrigger":"95"}"#,
                auth: alice)
            #expect(placed.status == 201)
            let entry = try #require(placed.object["entry"] as? [String: Any])
            let entryID = try #require(entry["id"] as? Int)
            #expect(entry["status"] as? String == "filled")
            let legIDs = [placed.object["takeProfitId"] as? Int, placed.object["stopLossId"] as? Int]

            let open = try await api.get("/api/v1/orders", auth: alice).array
            #expect(Set(open.map { $0["id"] as? Int }) == Set(legIDs))
            #expect(open.allSatisfy { $0["parentId"] as? Int == entryID })
            #expect(try await api.balance(alice, "BTC").onHold == "1")

            // Liquidity for the exit.
            #expect(try await api.place(bob, side: "buy", price: "99", size: "1").status == 201)
            let closed = try await api.delete("/api/v1/brackets/\(entryID)", auth: alice)
            #expect(closed.status == 200)
            #expect(!((closed.object["cancelled"] as? [Int]) ?? []).isEmpty)
            let exit = try #require(closed.object["exit"] as? [String: Any])
            #expect(exit["side"] as? String == "sell")
            #expect(exit["status"] as? String == "filled")
            #expect(exit["filled"] as? String == "1")

            #expect(try await api.get("/api/v1/orders", auth: alice).array.isEmpty)
            let btc = try await api.balance(alice, "BTC")
            #expect(btc.available == "10")
            #expect(btc.onHold == "0")
            #expect(try await api.balance(alice, "USDT").onHold == "0")
        }
    }

    @Test("closing an unfilled bracket cancels the entry and exits nothing")
    func closeUnfilled() async throws {
        try await TestExchange.with { exchange in
            let api = exchange.client()
            let alice = Auth.key(exchange.alice)
            let placed = try await api.post(
                "/api/v1/brackets",
                #"{"symbol":"BTC-USDT","side":"buy","price":"100","size":"1","takeProfitPrice":"110","stopLossTrigger":"95","stopLossLimit":"94"}"#,
                auth: alice)
            #expect(placed.status == 201)
            let entryID = try #require((placed.object["entry"] as? [String: Any])?["id"] as? Int)
            let closed = try await api.delete("/api/v1/brackets/\(entryID)", auth: alice)
            #expect(closed.status == 200)
            #expect(closed.object["cancelled"] as? [Int] == [entryID])
            #expect(closed.object["exit"] == nil)
            #expect(try await api.balance(alice, "USDT").onHold == "0")
            // A plain order is not a bracket.
            let plain = try await api.place(alice, side: "buy", price: "90", size: "1")
            let plainID = try #require(plain.object["id"] as? Int)
            #expect(try await api.delete("/api/v1/brackets/\(plainID)", auth: alice).code == "unknown_bracket")
        }
    }

    @Test("PATCH changes a pending bracket's entry and legs in one request, then its live legs; errors are typed JSON")
    func modify() async throws {
        try await TestExchange.with { exchange in
            let api = exchange.client()
            let alice = Auth.key(exchange.alice)
            let bob = Auth.key(exchange.bob)
            let placed = try await api.post(
                "/api/v1/brackets",
                #"{"symbol":"BTC-USDT","side":"buy","price":"100","size":"1","takeProfitPrice":"110","stopLossTrigger":"95"}"#,
                auth: alice)
            #expect(placed.status == 201)
            let entryID = try #require((placed.object["entry"] as? [String: Any])?["id"] as? Int)
            let path = "/api/v1/brackets/\(entryID)"

            let pending = try await api.request(
                .patch, path, body: #"{"price":"101","takeProfitPrice":"108","stopLossTrigger":"96","stopLossLimit":"95"}"#,
                auth: alice)
            #expect(pending.status == 200)
            #expect((pending.object["entry"] as? [String: Any])?["price"] as? String == "101")
            #expect(pending.object["takeProfit"] == nil)
            #expect(try await api.balance(alice, "USDT").onHold != "0")

            // Refusals: wrong side of the entry, someone else's bracket, nothing to change, bad decimal.
            let wrongSide = try await api.request(.patch, path, body: #"{"takeProfitPrice":"100"}"#, auth: alice)
            #expect(wrongSide.status == 400)
            #expect(wrongSide.code == "invalid_bracket")
            #expect(try await api.request(.patch, path, body: #"{"takeProfitPrice":"109"}"#, auth: bob).code == "unknown_bracket")
            let empty = try await api.request(.patch, path, body: "{}", auth: alice)
            #expect(empty.status == 400)
            #expect(empty.code == "missing_field")
            #expect(try await api.request(.patch, path, body: #"{"stopLossTrigger":"9x"}"#, auth: alice).status == 400)

            // The entry fills at its new price; the legs come alive with the new terms.
            #expect(try await api.place(bob, side: "sell", price: "101", size: "1").status == 201)
            let open = try await api.get("/api/v1/orders", auth: alice).array
            #expect(Set(open.compactMap { $0["price"] as? String }) == ["108", "95"])

            let live = try await api.request(
                .patch, path, body: #"{"takeProfitPrice":"110","stopLossTrigger":"97","stopLossLimit":"96"}"#, auth: alice)
            #expect(live.status == 200)
            let takeProfit = try #require(live.object["takeProfit"] as? [String: Any])
            let stopLoss = try #require(live.object["stopLoss"] as? [String: Any])
            #expect(takeProfit["price"] as? String == "110")
            #expect(stopLoss["triggerPrice"] as? String == "97")
            #expect(stopLoss["price"] as? String == "96")
            #expect(stopLoss["status"] as? String == "untriggered")
            let finished = try await api.request(.patch, path, body: #"{"price":"102"}"#, auth: alice)
            #expect(finished.status == 400)
            #expect(finished.code == "invalid_order")
            #expect(try await api.balance(alice, "BTC").onHold == "1")
        }
    }
}
