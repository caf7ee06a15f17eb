import BourseCore
import Feeds
import MarketData
import Testing
import VenueSimulator

@Suite("Supervision building blocks")
struct SupervisionTests {
    @Test("the conflating channel: a slow consumer gets the newest value, the producer never waits")
    func conflation() async throws {
        let channel = LatestValue(0)
        let published = 200_000
        let consumer = Task { () -> (seen: Int, last: Int) in
            var version: UInt64 = 0
            var seen = 0
            var last = 0
            while let (value, next) = await channel.next(after: version) {
                #expect(next > version, "versions only grow")
                #expect(value >= last, "values arrive in order, skipping is allowed")
                version = next
                last = value
                seen += 1
                try? await Task.sleep(for: .microseconds(200))  // slow consumer
            }
            return (seen, last)
        }
        for value in 1...published { channel.publish(value) }
        channel.finish()
        let result = await consumer.value
        #expect(result.last == published, "the newest value is never lost")
        #expect(result.seen < published / 10, "a slow consumer skips instead of queueing (saw \(result.seen))")
        #expect(channel.current.version == UInt64(published))
    }

    @Test("a woken consumer gets the newest value at the moment it runs, not the one that woke it")
    func wokenConsumerGetsNewest() async throws {
        // Consumer and publisher share one thread, so the order is fixed: the consumer's first job (it starts
        // waiting) runs before the publishing job, and the consumer, woken by the first publication, runs only
        // after the second.
        let executor = EventLoopTaskExecutor()
        let channel = LatestValue(0)
        let consumer = Task(executorPreference: executor) { await channel.next(after: 0) }
        executor.loop.execute {
            channel.publish(1)
            channel.publish(2)
        }
        let received = await consumer.value
        try await executor.shutdown()
        #expect(received?.value == 2 && received?.version == 2)
    }

    @Test("several consumers wait at once and cancellation ends a wait")
    func waiters() async throws {
        let channel = LatestValue("a")
        let first = Task { await channel.next(after: 0)?.value }
        let second = Task { await channel.next(after: 0)?.value }
        let cancelled = Task { await channel.next(after: 0)?.value }
        try await Task.sleep(for: .milliseconds(50))
        cancelled.cancel()
        #expect(await cancelled.value == nil)
        channel.publish("b")
        #expect(await first.value == "b")
        #expect(await second.value == "b")
        // Already newer: no wait.
        #expect(await channel.next(after: 0)?.value == "b")
    }

    @Test("jittered exponential backoff stays under a doubling, capped ceiling and resets")
    func backoff() {
        var backoff = Backoff(base: .milliseconds(100), maximum: .seconds(2), seed: 7)
        var ceilings: [Duration] = []
        for _ in 0..<8 {
            let ceiling = backoff.ceiling
            ceilings.append(ceiling)
            let delay = backoff.next()
            #expect(delay >= .zero && delay <= ceiling)
        }
        #expect(ceilings.prefix(5) == [.milliseconds(100), .milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1_600)])
        #expect(ceilings.suffix(3).allSatisfy { $0 == .seconds(2) })
        backoff.reset()
        #expect(backoff.ceiling == .milliseconds(100))
        // Jitter: delays differ.
        var jittered = Backoff(base: .seconds(1), maximum: .seconds(1), seed: 1)
        let delays = Set((0..<20).map { _ in jittered.next() })
        #expect(delays.count > 10)
    }

    @Test("symbols normalise across venues")
    func symbols() {
        let btc = CanonicalSymbol(base: "BTC", quote: "USDT")
        for spelling in ["BTC/USDT", "BTC-USDT", "btc_usdt", "BTCUSDT", "btcusdt", "XBTUSDT", "xbt/usdt"] {
            #expect(CanonicalSymbol(spelling) == btc, "\(spelling)")
        }
        #expect(CanonicalSymbol("XBTUSD") == CanonicalSymbol(base: "BTC", quote: "USD"))
        #expect(CanonicalSymbol("ETHBTC") == CanonicalSymbol(base: "ETH", quote: "BTC"))
        #expect(CanonicalSymbol("OPUSDT") == CanonicalSymbol(base: "OP", quote: "USDT"))
        #expect(CanonicalSymbol("BTC") == nil)
        #expect(CanonicalSymbol("/USDT") == nil)
        #expect(btc.name(on: "binance") == "BTCUSDT")
        #expect(btc.name(on: "coinbase") == "BTC-USDT")
        #expect(btc.name(on: "bitstamp") == "btcusdt")
        #expect(btc.name(on: "bitmex") == "XBTUSDT")
        #expect(btc.name(on: "kraken") == "BTC/USDT")
        var map = SymbolMap()
        map.add("XBTUSD", CanonicalSymbol(base: "BTC", quote: "USD"))
        map.add("1000PEPEUSDT", CanonicalSymbol(base: "PEPE", quote: "USDT"))
        #expect(map.canonical("1000pepeusdt") == CanonicalSymbol(base: "PEPE", quote: "USDT"))
        #expect(map.name(of: CanonicalSymbol(base: "PEPE", quote: "USDT"), on: "binance") == "1000PEPEUSDT")
        #expect(map.canonical("ETH-BTC") == CanonicalSymbol(base: "ETH", quote: "BTC"))
    }

    @Test("REST fetch errors are typed")
    func fetchErrors() async throws {
        let fetcher = HTTPFetcher(timeout: .seconds(10))
        await #expect(throws: HTTPFetchError.self) { try await fetcher.get("ftp://example") }
        do {
            _ = try await fetcher.get("http://127.0.0.1:1/nothing")
            Issue.record("a closed port must fail")
        } catch let error as HTTPFetchError {
            #expect(error.code == "connect_failed")
        }
        try await SimulatorHarness.with([.binance]) { harness in
            do {
                _ = try await fetcher.get(harness.http(.binance) + "/api/v3/depth?symbol=NOPE")
                Issue.record("an unknown symbol must fail")
            } catch let error as HTTPFetchError {
                #expect(error.code == "http_status")
                #expect(error.message.contains("-1121"))
            }
            let body = try await fetcher.get(harness.http(.binance) + "/api/v3/depth?symbol=BTCUSDT&limit=5")
            #expect(String(decoding: body, as: UTF8.self).hasPrefix("{\"lastUpdateId\":"))
        }
    }
}

@Suite("Probe", .serialized, .timeLimit(.minutes(4)))
struct ProbeTests {
    @Test("probe measures connect, first message and round trips on every simulated venue", arguments: SimulatedVenueKind.allCases)
    func probe(_ kind: SimulatedVenueKind) async throws {
        try await SimulatorHarness.with([kind]) { harness in
            let report = await VenueProbe(driver: AnyVenueDriver(harness.driver(kind)), samples: 5).run()
            #expect(report.errors.isEmpty, "\(report.errors)")
            #expect(report.connect.count == 5)
            #expect(report.tlsHandshake.isEmpty, "ws:// has no handshake")
            #expect(report.firstMessage.count == 1)
            #expect(report.roundTrip.count == 5)
            #expect(report.pingRoundTrip.count == 5, "one pong timed per ping")
            #expect(report.pingRoundTrip.allSatisfy { $0 > .zero && $0 < .seconds(30) })
            // Positive and finite; the bound is loose because CI runs every suite at once on two cores, where one
            // BitMEX ping/pong once took over 5 s (the probe reports what it sees; it is not a speed test).
            #expect(report.roundTrip.allSatisfy { $0 > .zero && $0 < .seconds(30) })
            let p = ProbeReport.percentiles(report.roundTrip)
            #expect(p["n"] == "5")
            #expect(Double(p["p50"]!)! <= Double(p["max"]!)!)
        }
    }

    @Test("a venue that accepts connections and never answers is reported within the deadline, not waited on forever")
    func silentVenue() async throws {
        try await SimulatorHarness.with([.binance]) { harness in
            let proxy = try BlackHoleProxy(upstreamPort: harness.ports[.binance]!)
            defer { proxy.close() }
            proxy.blackHoleAll()
            let driver = try #require(
                BinanceDriver(symbol: "BTCUSDT", websocketBase: "ws://127.0.0.1:\(proxy.port)", restBase: harness.http(.binance)))
            let start = ContinuousClock.now
            let report = await VenueProbe(driver: AnyVenueDriver(driver), samples: 3, deadline: .seconds(2)).run()
            let elapsed = ContinuousClock.now - start
            #expect(elapsed < .seconds(20), "took \(elapsed)")
            // TCP connects still succeed (the proxy accepts); nothing above TCP ever answers.
            #expect(report.connect.count == 3)
            #expect(report.firstMessage.isEmpty && report.roundTrip.isEmpty && report.pingRoundTrip.isEmpty)
            #expect(report.errors.contains { $0.hasPrefix("websocket: timeout") }, "\(report.errors)")
            #expect(report.errors.contains { $0.hasPrefix("ping: closed") }, "\(report.errors)")
        }
    }
}
