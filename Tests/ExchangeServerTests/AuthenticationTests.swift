import ExchangeServer
import ExchangeService
import Foundation
import Testing

@Suite("Authentication, signatures and rate limits")
struct AuthenticationTests {
    @Test("a correctly signed request is accepted; a bad signature, a stale timestamp and a replay are 401")
    func hmacSignatures() async throws {
        // A wide receive window, so a slow (loaded) machine cannot turn the replay checks below into stale ones.
        let configuration = ExchangeServerConfiguration(port: 0, receiveWindow: 60_000, bcryptCost: 4)
        try await TestExchange.with(configuration) { exchange in
            let api = exchange.client()
            let alice = exchange.alice
            #expect(try await api.get("/api/v1/balances", auth: .key(alice)).status == 200)
            #expect(try await api.get("/api/v1/orders?status=all", auth: .key(alice)).status == 200)

            let bad = try await api.get("/api/v1/balances", auth: .key(alice, signature: String(repeating: "ab", count: 32)))
            #expect(bad.status == 401)
            #expect(bad.code == "invalid_signature")
            let garbage = try await api.get("/api/v1/balances", auth: .key(alice, signature: "not hex"))
            #expect(garbage.status == 401)

            let now = ExchangeSequencer.wallClockMilliseconds()
            let stale = try await api.get("/api/v1/balances", auth: .key(alice, timestamp: now - 61_000))
            #expect(stale.status == 401)
            #expect(stale.code == "stale_timestamp")
            let future = try await api.get("/api/v1/balances", auth: .key(alice, timestamp: now + 120_000))
            #expect(future.code == "stale_timestamp")

            // The body is signed: the same signature over another body is refused.
            let body = #"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"90","size":"1"}"#
            let signature = RequestSignature.sign(
                secret: alice.apiSecret, timestamp: now, method: "POST", path: "/api/v1/orders", body: Array(body.utf8))
            let first = try await api.post("/api/v1/orders", body, auth: .key(alice, timestamp: now, signature: signature))
            #expect(first.status == 201)
            let replay = try await api.post("/api/v1/orders", body, auth: .key(alice, timestamp: now, signature: signature))
            #expect(replay.status == 401)
            #expect(replay.code == "replayed_request")
            let tampered = try await api.post(
                "/api/v1/orders", body.replacingOccurrences(of: "\"1\"", with: "\"5\""),
                auth: .key(alice, timestamp: now, signature: signature))
            #expect(tampered.code == "invalid_signature")
            #expect(try await api.get("/api/v1/orders", auth: .key(alice)).array.count == 1)

            let missing = try await api.get("/api/v1/balances")
            #expect(missing.status == 401)
            #expect(missing.code == "missing_credentials")
            let badToken = try await api.get("/api/v1/balances", auth: .token("00ff"))
            #expect(badToken.code == "invalid_token")
        }
    }

    @Test("API keys are created with a session and then work for signed requests")
    func createKey() async throws {
        try await TestExchange.with { exchange in
            let api = exchange.client()
            let token = try await api.login(exchange.bob)
            let created = try await api.post("/api/v1/auth/api-keys", "", auth: .token(token))
            #expect(created.status == 201)
            var user = exchange.bob
            user.apiKey = try #require(created.object["key"] as? String)
            user.apiSecret = try #require(created.object["secret"] as? String)
            #expect(try await api.get("/api/v1/balances", auth: .key(user)).status == 200)
            // A key cannot mint keys.
            #expect(try await api.post("/api/v1/auth/api-keys", "", auth: .key(user)).status == 403)
        }
    }

    @Test("a caller over its rate limit gets 429 with Retry-After; others are unaffected")
    func rateLimit() async throws {
        let configuration = ExchangeServerConfiguration(port: 0, rateLimit: 0.01, rateBurst: 5, receiveWindow: 60_000, bcryptCost: 4)
        try await TestExchange.with(configuration) { exchange in
            let api = exchange.client()
            var statuses: [Int] = []
            for _ in 0..<7 { statuses.append(try await api.get("/api/v1/balances", auth: .key(exchange.alice)).status) }
            #expect(statuses == [200, 200, 200, 200, 200, 429, 429])
            let limited = try await api.get("/api/v1/balances", auth: .key(exchange.alice))
            #expect(limited.code == "rate_limited")
            #expect(limited.headers["retry-after"] != nil)
            #expect(try await api.get("/api/v1/balances", auth: .key(exchange.bob)).status == 200)
        }
    }

    @Test("deposits and withdrawals need the admin key")
    func adminOnly() async throws {
        try await TestExchange.with { exchange in
            let api = exchange.client()
            let body = #"{"username":"alice","asset":"USDT","amount":"5"}"#
            #expect(try await api.post("/api/v1/admin/deposits", body, auth: .key(exchange.alice)).status == 403)
            let token = try await api.login(exchange.admin)
            #expect(try await api.post("/api/v1/admin/deposits", body, auth: .token(token)).status == 403)
            let deposit = try await api.post("/api/v1/admin/deposits", body, auth: .key(exchange.admin))
            #expect(deposit.status == 200)
            #expect(deposit.array.first?["available"] as? String == "1000005")
            let withdrawal = try await api.post(
                "/api/v1/admin/withdrawals", #"{"username":"alice","asset":"USDT","amount":"2000000"}"#,
                auth: .key(exchange.admin))
            #expect(withdrawal.status == 422)
            #expect(withdrawal.code == "insufficient_balance")
            let unknown = try await api.post(
                "/api/v1/admin/deposits", #"{"username":"nobody","asset":"USDT","amount":"1"}"#, auth: .key(exchange.admin))
            #expect(unknown.status == 404)
        }
    }
}
