import ExchangeServer
import Foundation
import Testing

@Suite("Accounts are isolated")
struct IsolationTests {
    @Test("no user can see or touch another user's orders or balances")
    func isolation() async throws {
        try await TestExchange.with { exchange in
            let api = exchange.client()
            let alice = Auth.key(exchange.alice)
            let bob = Auth.token(try await api.login(exchange.bob))
            let placed = try await api.place(alice, side: "buy", price: "95", size: "1", extra: #","clientOrderId":"a-1""#)
            let id = try #require(placed.object["id"] as? Int)
            let sequence = await exchange.sequence()

            // Bob sees none of Alice's orders, and her order id answers exactly like a missing one.
            #expect(try await api.get("/api/v1/orders?status=all", auth: bob).array.isEmpty)
            let peek = try await api.get("/api/v1/orders/\(id)", auth: bob)
            let missing = try await api.get("/api/v1/orders/999999", auth: bob)
            #expect(peek.status == 404)
            #expect(peek.code == missing.code)
            #expect(try await api.delete("/api/v1/orders/\(id)", auth: bob).status == 404)
            #expect(try await api.request(.patch, "/api/v1/orders/\(id)", body: #"{"size":"5"}"#, auth: bob).status == 404)
            #expect(try await api.delete("/api/v1/brackets/\(id)", auth: bob).status == 404)
            // Bob's cancel-all leaves Alice's order alone.
            #expect(try await api.delete("/api/v1/orders", auth: bob).status == 200)
            #expect(await exchange.sequence() == sequence + 1)

            // Balances are per caller: Bob's show no hold, Alice's show hers.
            #expect(try await api.balance(bob, "USDT").onHold == "0")
            #expect(try await api.balance(alice, "USDT").onHold == "95.095")
            let aliceOrders = try await api.get("/api/v1/orders", auth: alice).array
            #expect(aliceOrders.map { $0["id"] as? Int } == [id])
            #expect(aliceOrders.first?["status"] as? String == "new")
            // Fills are per caller too.
            #expect(try await api.get("/api/v1/fills", auth: bob).array.isEmpty)
        }
    }
}
