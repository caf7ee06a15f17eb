import ExchangeServer
import ExchangeService
import Foundation
import Testing

@Suite("Binance dialect: REST /api/v3")
struct BinanceRESTTests {
    @Test("ping, time, exchangeInfo with PRICE_FILTER/LOT_SIZE from the instrument, Binance errors for bad symbols")
    func publicEndpoints() async throws {
        try await TestExchange.with { exchange in
            let api = BinanceClient(port: exchange.port, user: exchange.alice)
            let ping = try await api.request(.get, "/api/v3/ping", sign: false)
            #expect(ping.status == 200)
            #expect(ping.object.isEmpty)
            let time = try await api.request(.get, "/api/v3/time", sign: false)
            let serverTime = try #require(time.object["serverTime"] as? Int64)
            #expect(abs(serverTime - ExchangeSequencer.wallClockMilliseconds()) < 5_000)

            let info = try await api.request(.get, "/api/v3/exchangeInfo", sign: false)
            #expect(info.status == 200)
            let symbols = try #require(info.object["symbols"] as? [[String: Any]])
            #expect(Set(symbols.compactMap { $0["symbol"] as? String }) == ["BTCUSDT", "ETHUSDT", "ETHBTC"])
            let btc = try #require(symbols.first { $0["symbol"] as? String == "BTCUSDT" })
            #expect(btc["baseAsset"] as? String == "BTC")
            #expect(btc["quoteAsset"] as? String == "USDT")
            #expect(btc["status"] as? String == "TRADING")
            let filters = try #require(btc["filters"] as? [[String: Any]])
            let price = try #require(filters.first { $0["filterType"] as? String == "PRICE_FILTER" })
            let lot = try #require(filters.first { $0["filterType"] as? String == "LOT_SIZE" })
            #expect(price["tickSize"] as? String == "0.01")
            #expect(lot["stepSize"] as? String == "0.0001")

            let one = try await api.request(.get, "/api/v3/exchangeInfo", query: "symbol=ethbtc", sign: false)
            #expect((one.object["symbols"] as? [[String: Any]])?.count == 1)
            let bad = try await api.request(.get, "/api/v3/depth", query: "symbol=NOPE", sign: false)
            #expect(bad.status == 400)
            #expect(BinanceClient.code(bad) == -1121)
            #expect(bad.object["msg"] as? String == "Invalid symbol.")
            let missing = try await api.request(.get, "/api/v3/depth", sign: false)
            #expect(BinanceClient.code(missing) == -1102)
        }
    }

    @Test("signed order round trip: POST (form body and query+body), GET, openOrders, account, DELETE")
    func orderRoundTrip() async throws {
        try await TestExchange.with { exchange in
            let api = BinanceClient(port: exchange.port, user: exchange.alice)
            let placed = try await api.request(
                .post, "/api/v3/order",
                form: "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.5&price=100.00&newClientOrderId=b1"
            )
            #expect(placed.status == 200)
            let id = try #require(placed.object["orderId"] as? Int)
            #expect(placed.object["clientOrderId"] as? String == "b1")
            #expect(placed.object["status"] as? String == "NEW")
            #expect(placed.object["origQty"] as? String == "0.5")
            #expect(placed.object["price"] as? String == "100")
            #expect((placed.object["fills"] as? [Any])?.isEmpty == true)

            let account = try await api.request(.get, "/api/v3/account")
            let usdt = try #require(
                (account.object["balances"] as? [[String: Any]])?.first { $0["asset"] as? String == "USDT" })
            #expect(usdt["locked"] as? String == "50.05")

            let shown = try await api.request(.get, "/api/v3/order", query: "symbol=BTCUSDT&origClientOrderId=b1")
            #expect(shown.object["orderId"] as? Int == id)
            let open = try await api.request(.get, "/api/v3/openOrders", query: "symbol=BTCUSDT")
            #expect(open.array.map { $0["orderId"] as? Int } == [id])

            // Parameters split between the query and the body: the signature covers both, concatenated.
            let sell = BinanceClient(port: exchange.port, user: exchange.bob)
            let taker = try await sell.request(
                .post, "/api/v3/order", query: "symbol=BTCUSDT&side=SELL",
                form: "type=LIMIT&timeInForce=IOC&quantity=0.2&price=100")
            #expect(taker.status == 200)
            #expect(taker.object["status"] as? String == "FILLED")
            let fills = try #require(taker.object["fills"] as? [[String: Any]])
            #expect(fills.count == 1)
            #expect(fills.first?["price"] as? String == "100")
            #expect(fills.first?["qty"] as? String == "0.2")
            // The taker fee settlement charged: 0.1% of 20 USDT.
            #expect(fills.first?["commission"] as? String == "0.02" && fills.first?["commissionAsset"] as? String == "USDT")

            let cancelled = try await api.request(.delete, "/api/v3/order", query: "symbol=BTCUSDT&orderId=\(id)")
            #expect(cancelled.status == 200)
            #expect(cancelled.object["status"] as? String == "CANCELED")
            #expect(cancelled.object["executedQty"] as? String == "0.2")
            #expect(cancelled.object["origClientOrderId"] as? String == "b1")
            let again = try await api.request(.delete, "/api/v3/order", query: "symbol=BTCUSDT&orderId=\(id)")
            #expect(again.status == 400)
            #expect(BinanceClient.code(again) == -2011)
            let gone = try await api.request(.get, "/api/v3/order", query: "symbol=BTCUSDT&orderId=999999")
            #expect(BinanceClient.code(gone) == -2013)
        }
    }

    @Test("bad signature, stale timestamp, unknown key, bad order: Binance codes, nothing journaled")
    func refusals() async throws {
        try await TestExchange.with { exchange in
            let api = BinanceClient(port: exchange.port, user: exchange.alice)
            let form = "symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.5&price=100"
            let before = await exchange.sequence()
            let badSignature = try await api.request(
                .post, "/api/v3/order", form: form, signature: String(repeating: "0", count: 64))
            #expect(badSignature.status == 400)
            #expect(BinanceClient.code(badSignature) == -1022)
            let stale = try await api.request(
                .post, "/api/v3/order", form: form, timestamp: ExchangeSequencer.wallClockMilliseconds() - 60_000)
            #expect(stale.status == 400)
            #expect(BinanceClient.code(stale) == -1021)
            let future = try await api.request(
                .get, "/api/v3/account", timestamp: ExchangeSequencer.wallClockMilliseconds() + 120_000)
            #expect(BinanceClient.code(future) == -1021)
            let unknownKey = try await api.request(.get, "/api/v3/account", key: "nope")
            #expect(unknownKey.status == 401)
            #expect(BinanceClient.code(unknownKey) == -2015)
            let noKey = try await api.request(.get, "/api/v3/account", query: "timestamp=1", sign: false)
            #expect(BinanceClient.code(noKey) == -2014)
            let offTick = try await api.request(
                .post, "/api/v3/order", form: form.replacingOccurrences(of: "price=100", with: "price=100.001"))
            #expect(BinanceClient.code(offTick) == -1111 || BinanceClient.code(offTick) == -1013)
            let exponent = try await api.request(
                .post, "/api/v3/order", form: form.replacingOccurrences(of: "quantity=0.5", with: "quantity=5e-1"))
            #expect(BinanceClient.code(exponent) == -1100)
            let poor = try await api.request(
                .post, "/api/v3/order", form: form.replacingOccurrences(of: "quantity=0.5", with: "quantity=100000"))
            #expect(BinanceClient.code(poor) == -2010)
            let duplicated = try await api.request(.post, "/api/v3/order", form: form + "&side=SELL")
            #expect(BinanceClient.code(duplicated) == -1101)
            let type = try await api.request(
                .post, "/api/v3/order", form: form.replacingOccurrences(of: "LIMIT", with: "ICEBERG"))
            #expect(BinanceClient.code(type) == -1116)
            let after = await exchange.sequence()
            // Only the order refused by the exchange itself (insufficient balance) is journaled, as a refusal.
            #expect(after <= before + 1)
            let open = try await api.request(.get, "/api/v3/openOrders")
            #expect(open.array.isEmpty)
        }
    }
}
