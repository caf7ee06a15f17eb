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
}
