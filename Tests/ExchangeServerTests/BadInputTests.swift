import ExchangeServer
import Foundation
import Testing

@Suite("Bad input gets a clear 4xx and changes nothing")
struct BadInputTests {
    @Test(
        "malformed orders are refused with the right status and code",
        arguments: [
            (#"{"symbol":"BTC-USDT","side":"buy""#, 400, "invalid_json"),
            ("not json at all", 400, "invalid_json"),
            ("[1,2,3]", 400, "invalid_json"),
            (#"{"symbol":"NOPE-USDT","side":"buy","type":"limit","price":"1","size":"1"}"#, 404, "unknown_symbol"),
            (#"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"100","size":"-1"}"#, 400, "decimal_negative"),
            (#"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"100","size":"0"}"#, 400, "quantity_not_positive"),
            (#"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"100.001","size":"1"}"#, 400, "decimal_too_many_decimals"),
            (#"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"100","size":"0.00001"}"#, 400, "quantity_off_lot"),
            (#"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"1e5","size":"1"}"#, 400, "decimal_exponent_notation"),
            (#"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"99999999999999999999999","size":"1"}"#, 400, "decimal_overflow"),
            (#"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":100,"size":"1"}"#, 400, "invalid_field"),
            (#"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"100","size":"1","qty":"1"}"#, 400, "unknown_field"),
            (#"{"symbol":"BTC-USDT","side":"up","type":"limit","price":"100","size":"1"}"#, 400, "invalid_side"),
            (#"{"symbol":"BTC-USDT","side":"buy","type":"magic","price":"100","size":"1"}"#, 400, "invalid_order_type"),
            (#"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"100","size":"1","timeInForce":"forever"}"#, 400, "invalid_time_in_force"),
            (#"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"100","size":"1","expiresAt":1e99}"#, 400, "invalid_json"),
            (#"{"side":"buy","type":"limit","price":"100","size":"1"}"#, 400, "missing_field"),
            (#"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"100000000","size":"1"}"#, 422, "insufficient_balance"),
        ])
    func malformedOrders(body: String, status: Int, code: String) async throws {
        try await TestExchange.with { exchange in
            let api = exchange.client()
            let alice = Auth.key(exchange.alice)
            let sequence = await exchange.sequence()
            let before = try await api.balance(alice, "USDT")
            let response = try await api.post("/api/v1/orders", body, auth: alice)
            #expect(response.status == status, "\(body)")
            #expect(response.code == code, "\(body): \(response.object)")
            #expect(response.object["message"] is String)
            // Nothing changed: a refusal before the sequencer journals nothing; a refusal by the exchange is
            // journaled (one sequence number) but changes no balance or order.
            let after = await exchange.sequence()
            #expect(after == sequence || (status == 422 && after == sequence + 1))
            #expect(try await api.balance(alice, "USDT") == before)
            #expect(try await api.get("/api/v1/orders?status=all", auth: alice).array.isEmpty)
        }
    }

    @Test("oversized bodies are 413, unknown routes 404, bad ids 400; all as JSON errors")
    func transportErrors() async throws {
        try await TestExchange.with { exchange in
            let api = exchange.client()
            let alice = Auth.key(exchange.alice)
            let huge = #"{"symbol":"BTC-USDT","side":"buy","pad":""# + String(repeating: "x", count: 64 * 1024) + #""}"#
            let big = try await api.post("/api/v1/orders", huge, auth: alice)
            #expect(big.status == 413)
            #expect(big.code == "body_too_large")
            let nowhere = try await api.get("/api/v1/nowhere")
            #expect(nowhere.status == 404)
            #expect(nowhere.code == "not_found")
            let badID = try await api.delete("/api/v1/orders/abc", auth: alice)
            #expect(badID.status == 400)
            #expect(badID.code == "invalid_order_id")
            let noSymbol = try await api.get("/api/v1/orderbook")
            #expect(noSymbol.code == "missing_parameter")
            let unknownBook = try await api.get("/api/v1/orderbook?symbol=XYZ")
            #expect(unknownBook.status == 404)
            let badDepth = try await api.get("/api/v1/orderbook?symbol=BTC-USDT&depth=-3")
            #expect(badDepth.status == 400)
            let shortPassword = try await api.post("/api/v1/auth/signup", #"{"username":"eve","password":"short"}"#)
            #expect(shortPassword.code == "invalid_password")
            let adminName = try await api.post("/api/v1/auth/signup", #"{"username":"admin","password":"long enough pw"}"#)
            #expect(adminName.status == 409)
            // Still serving.
            #expect(try await api.get("/api/v1/instruments").status == 200)
        }
    }
}
