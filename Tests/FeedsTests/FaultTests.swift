import BourseCore
import Feeds
import MarketData
import OrderBook
import Testing
import VenueSimulator

/// Every fault switch of the simulator, against the connectors over real sockets: detected, repaired, reported.
@Suite("Fault injection", .serialized, .timeLimit(.minutes(3)))
struct FaultTests {
    /// Runs `body` with a live connector for `kind`.
    func live(
        _ kind: SimulatedVenueKind, quickStaleness: Bool = false,
        _ body: @Sendable (SimulatorHarness, SimulatedVenue, FeedConnector<AnyVenueDriver>) async throws -> Void
    ) async throws {
        try await SimulatorHarness.with([kind]) { harness in
            let configuration = testFeedConfiguration(quickStaleness: quickStaleness)
            try await withConnector(AnyVenueDriver(harness.driver(kind)), configuration: configuration) { connector in
                try await waitFor(connector.status, "live") { $0.state == .live }
                try await body(harness, harness.venue(kind), connector)
            }
        }
    }

    @Test("a dropped connection is reopened and the book rebuilt", arguments: SimulatedVenueKind.allCases)
    func drop(_ kind: SimulatedVenueKind) async throws {
        try await live(kind) { harness, venue, connector in
            await venue.inject(.drop)
            let status = try await waitFor(connector.status, "reconnected and live") {
                $0.counters.reconnects >= 1 && $0.state == .live
            }
            #expect(status.lastIssue != nil)
            try await expectSameBook(harness, kind, connector)
        }
    }

    @Test(
        "a skipped Binance update id is a gap (spot: U beyond u+1; USD-M futures: pu is not the previous u): the book is refetched",
        arguments: [SimulatedVenueKind.binance, .binanceFutures])
    func binanceSkip(_ kind: SimulatedVenueKind) async throws {
        try await live(kind) { harness, venue, connector in
            await venue.inject(.skipSequence)
            try await waitFor(connector.status, "gap and resync") { $0.counters.gaps >= 1 && $0.counters.resyncs >= 1 }
            try await waitFor(connector.status, "live again") { $0.state == .live }
            #expect(connector.status.current.value.counters.reconnects == 0, "Binance resyncs in place, over REST")
            try await expectSameBook(harness, kind, connector)
        }
    }

    @Test("a BitMEX id never inserted, an OKX seqId break, a Kraken checksum mismatch: a gap, the connector resubscribes", arguments: [SimulatedVenueKind.bitmex, .okx, .kraken])
    func resubscribeOnGap(_ kind: SimulatedVenueKind) async throws {
        try await live(kind) { harness, venue, connector in
            await venue.inject(.skipSequence)
            try await waitFor(connector.status, "gap, resync, live") {
                $0.counters.gaps >= 1 && $0.counters.resyncs >= 1 && $0.counters.reconnects >= 1 && $0.state == .live
            }
            try await expectSameBook(harness, kind, connector)
        }
    }

    @Test("a crossed snapshot is refused: the connector resyncs", arguments: SimulatedVenueKind.allCases)
    func crossedSnapshot(_ kind: SimulatedVenueKind) async throws {
        try await live(kind) { harness, venue, connector in
            await venue.inject(.crossedSnapshot)
            // Make the connector take a new snapshot: a gap for Binance, a new connection elsewhere.
            await venue.inject(kind == .binance ? .skipSequence : .drop)
            let status = try await waitFor(connector.status, "crossed detected and live again") {
                $0.counters.crossed >= 1 && $0.state == .live
            }
            #expect(status.counters.resyncs >= 1)
            #expect(status.lastIssue?.contains("crossed") == true || status.counters.crossed >= 1)
            try await expectSameBook(harness, kind, connector)
        }
    }

    @Test("a malformed frame is counted; venues that cannot tell what it held resubscribe", arguments: SimulatedVenueKind.allCases)
    func malformed(_ kind: SimulatedVenueKind) async throws {
        try await live(kind) { harness, venue, connector in
            await venue.inject(.malformedFrame)
            let status = try await waitFor(connector.status, "parse error counted") { $0.counters.parseErrors >= 1 }
            if kind == .coinbase || kind == .bitstamp || kind == .kraken {
                try await waitFor(connector.status, "resubscribed") { $0.counters.resyncs >= 1 && $0.state == .live }
            } else {
                #expect(status.counters.resyncs == 0)
            }
            try await waitFor(connector.status, "live") { $0.state == .live }
            try await expectSameBook(harness, kind, connector)
        }
    }

    @Test("a silent venue makes the feed stale, then it reconnects and recovers", arguments: SimulatedVenueKind.allCases)
    func stale(_ kind: SimulatedVenueKind) async throws {
        try await live(kind, quickStaleness: true) { harness, venue, connector in
            await venue.inject(.stale)
            let status = try await waitFor(connector.status, "stale") { $0.state == .stale }
            #expect(status.book.isEmpty, "a stale feed withholds its book")
            #expect(status.counters.staleEvents >= 1)
            try await waitFor(connector.status, "reconnect after the silence") { $0.counters.reconnects >= 1 }
            await venue.inject(.resume)
            // Live again with a fresh book (comparing it would pause the market, which these quick timers would
            // take for another silence; the other fault tests compare books).
            let live = try await waitFor(connector.status, "live again") { $0.state == .live && !$0.book.isEmpty }
            #expect(!live.book.isCrossed)
            #expect(live.counters.snapshots >= 2)
        }
    }

    @Test("refused connections back off and retry until the venue is back", arguments: SimulatedVenueKind.allCases)
    func refuse(_ kind: SimulatedVenueKind) async throws {
        try await live(kind) { harness, venue, connector in
            await venue.inject(.refuse(.milliseconds(1_500)))
            try await waitFor(connector.status, "failed attempts") { $0.counters.connectFailures >= 2 }
            try await waitFor(connector.status, "live again") { $0.state == .live }
            try await expectSameBook(harness, kind, connector)
        }
    }

    @Test("a slow venue delays frames but the book stays exact", arguments: SimulatedVenueKind.allCases)
    func slow(_ kind: SimulatedVenueKind) async throws {
        try await live(kind) { harness, venue, connector in
            await venue.inject(.slow(.milliseconds(30)))
            let applied = connector.status.current.value.counters.applied
            try await waitFor(connector.status, "updates while slow") { $0.counters.applied > applied + 5 }
            await venue.inject(.resume)
            try await expectSameBook(harness, kind, connector)
            #expect(connector.status.current.value.counters.gaps == 0)
        }
    }

    @Test("venue shutdown notices reconnect at once", arguments: [SimulatedVenueKind.binance, .binanceFutures, .bitstamp])
    func shutdownNotice(_ kind: SimulatedVenueKind) async throws {
        try await live(kind) { harness, venue, connector in
            await venue.inject(.shutdownNotice)
            let status = try await waitFor(connector.status, "reconnected") { $0.counters.reconnects >= 1 && $0.state == .live }
            #expect(status.lastIssue?.contains(kind == .bitstamp ? "bts:request_reconnect" : "serverShutdown") == true)
            try await expectSameBook(harness, kind, connector)
        }
    }

    @Test("the connection age limit (Binance cuts connections at 24 hours) reconnects first, and the book is rebuilt")
    func connectionAgeLimit() async throws {
        try await SimulatorHarness.with([.binance]) { harness in
            var configuration = testFeedConfiguration()
            configuration.maximumConnectionAge = .milliseconds(1_500)
            try await withConnector(AnyVenueDriver(harness.driver(.binance)), configuration: configuration) { connector in
                let status = try await waitFor(connector.status, "two planned reconnects, live") {
                    $0.counters.reconnects >= 2 && $0.state == .live
                }
                #expect(status.lastIssue?.contains("connection age limit") == true, "\(status.lastIssue ?? "no issue")")
                #expect(status.counters.gaps == 0, "a planned reconnect is not a gap")
                try await expectSameBook(harness, .binance, connector)
            }
        }
    }

    /// A Coinbase connector that reaches the simulator through a ``BlackHoleProxy``, live, with staleness timers far
    /// beyond the test's patience (only the missing pongs can end a silent connection in time).
    func withSilentPath(
        ping: Duration?, _ body: @Sendable (SimulatorHarness, BlackHoleProxy, FeedConnector<AnyVenueDriver>) async throws -> Void
    ) async throws {
        try await SimulatorHarness.with([.coinbase]) { harness in
            let proxy = try BlackHoleProxy(upstreamPort: harness.ports[.coinbase]!)
            defer { proxy.close() }
            var configuration = testFeedConfiguration()
            configuration.pingInterval = ping
            configuration.staleAfter = .seconds(60)
            configuration.reconnectAfter = .seconds(120)
            let driver = try #require(CoinbaseDriver(product: "BTC-USDT", websocketBase: "ws://127.0.0.1:\(proxy.port)"))
            try await withConnector(AnyVenueDriver(driver), configuration: configuration) { connector in
                try await waitFor(connector.status, "live through the proxy") { $0.state == .live && $0.counters.applied > 3 }
                try await body(harness, proxy, connector)
            }
        }
    }

    @Test("a path that dies silently (no FIN, no pong) is closed by the ping timeout, not the staleness timer, and reopened")
    func lostPongs() async throws {
        try await withSilentPath(ping: .milliseconds(500)) { harness, proxy, connector in
            let before = connector.status.current.value.counters.reconnects
            let start = ContinuousClock.now
            proxy.blackHole()
            let status = try await waitFor(connector.status, timeout: .seconds(20), "reconnected and live") {
                $0.counters.reconnects > before && $0.state == .live
            }
            let elapsed = ContinuousClock.now - start
            #expect(elapsed < .seconds(10), "took \(elapsed)")
            #expect(status.lastIssue?.contains("ping timeout") == true, "\(status.lastIssue ?? "no issue")")
            #expect(proxy.connectionsAccepted >= 2)
            try await expectSameBook(harness, .coinbase, connector)
        }
    }

    @Test("a venue that accepts connections but never answers the upgrade: each attempt is abandoned at the handshake timeout, retried, and the feed is live once the venue answers")
    func unansweredUpgrade() async throws {
        try await SimulatorHarness.with([.coinbase]) { harness in
            let proxy = try BlackHoleProxy(upstreamPort: harness.ports[.coinbase]!)
            defer { proxy.close() }
            proxy.blackHoleAll()
            var configuration = testFeedConfiguration()
            configuration.handshakeTimeout = .milliseconds(500)
            let driver = try #require(CoinbaseDriver(product: "BTC-USDT", websocketBase: "ws://127.0.0.1:\(proxy.port)"))
            try await withConnector(AnyVenueDriver(driver), configuration: configuration) { connector in
                let failing = try await waitFor(connector.status, timeout: .seconds(20), "three abandoned attempts") {
                    $0.counters.connectFailures >= 3
                }
                #expect(failing.state != .live)
                #expect(failing.lastIssue?.contains("no answer to the WebSocket upgrade") == true, "\(failing.lastIssue ?? "no issue")")
                #expect(proxy.connectionsAccepted >= 3, "each attempt is a new connection")
                proxy.answerNewConnections()
                try await waitFor(connector.status, timeout: .seconds(20), "live once the venue answers") {
                    $0.state == .live && $0.counters.applied > 3
                }
                try await expectSameBook(harness, .coinbase, connector)
            }
        }
    }

    @Test("a refused connection fails at once: the attempt does not wait for the handshake timeout")
    func refusedIsNotAHandshakeTimeout() async throws {
        // A port nobody listens on: every connect is refused within microseconds, often before the attempt's wait
        // has begun (the result must be kept, not lost and replaced by the timer's).
        let closed = try BlackHoleProxy(upstreamPort: 1)
        let port = closed.port
        closed.close()
        var configuration = testFeedConfiguration()
        configuration.handshakeTimeout = .seconds(60)
        let driver = try #require(CoinbaseDriver(product: "BTC-USDT", websocketBase: "ws://127.0.0.1:\(port)"))
        try await withConnector(AnyVenueDriver(driver), configuration: configuration) { connector in
            let status = try await waitFor(connector.status, timeout: .seconds(20), "five refused attempts") {
                $0.counters.connectFailures >= 5
            }
            #expect(status.lastIssue?.contains("upgrade") == false, "\(status.lastIssue ?? "no issue")")
        }
    }

    @Test("without pings the same silent path goes unnoticed until the staleness timer (the control of the test above)")
    func silentPathWithoutPings() async throws {
        try await withSilentPath(ping: nil) { _, proxy, connector in
            let before = connector.status.current.value.counters
            proxy.blackHole()
            try await Task.sleep(for: .seconds(3))
            let after = connector.status.current.value
            #expect(after.counters.reconnects == before.reconnects)
            #expect(proxy.connectionsAccepted == 1)
            // Nothing arrives, yet nothing closes: what the pings exist for.
            #expect(after.counters.messages <= before.messages + 2)
        }
    }

    @Test("one venue down never stops another")
    func isolation() async throws {
        try await SimulatorHarness.with([.binance, .coinbase]) { harness in
            try await withConnector(AnyVenueDriver(harness.driver(.binance))) { binance in
                try await withConnector(AnyVenueDriver(harness.driver(.coinbase))) { coinbase in
                    try await waitFor(binance.status, "binance live") { $0.state == .live }
                    try await waitFor(coinbase.status, "coinbase live") { $0.state == .live }
                    await harness.venue(.coinbase).inject(.refuse(.seconds(3)))
                    try await waitFor(coinbase.status, "coinbase down") { $0.state == .down || $0.state == .connecting }
                    let applied = binance.status.current.value.counters.applied
                    try await waitFor(binance.status, "binance keeps updating") {
                        $0.state == .live && $0.counters.applied > applied + 10
                    }
                    #expect(coinbase.status.current.value.state != .live)
                    try await waitFor(coinbase.status, "coinbase back") { $0.state == .live }
                }
            }
        }
    }
}


@Suite("Coinbase Advanced Trade connector", .serialized, .timeLimit(.minutes(4)))
struct CoinbaseAdvancedConnectorTests {
    @Test("level2 + heartbeats keep the simulated Coinbase book; a skipped message is a sequence_num gap, repaired")
    func advancedTrade() async throws {
        try await SimulatorHarness.with([.coinbase]) { harness in
            let driver = try #require(CoinbaseAdvancedDriver(product: "BTC-USDT", websocketBase: harness.ws(.coinbase)))
            try await withConnector(driver) { connector in
                try await waitFor(connector.status, "live with updates") { $0.state == .live && $0.counters.applied > 5 }
                try await expectSameBook(harness, .coinbase, connector)
                await harness.venue(.coinbase).inject(.skipSequence)
                try await waitFor(connector.status, "gap, resync, live") {
                    $0.counters.gaps >= 1 && $0.counters.resyncs >= 1 && $0.state == .live
                }
                try await expectSameBook(harness, .coinbase, connector)
            }
        }
    }
}

@Suite("Bitstamp order_book (top 100) connector", .serialized, .timeLimit(.minutes(4)))
struct BitstampTopConnectorTests {
    @Test("every event replaces the book with the venue's top 100; a crossed one is refused and repaired")
    func top100() async throws {
        try await SimulatorHarness.with([.bitstamp]) { harness in
            let driver = try #require(BitstampTopDriver(pair: "btcusdt", websocketBase: harness.ws(.bitstamp)))
            try await withConnector(driver) { connector in
                try await waitFor(connector.status, "live with updates") { $0.state == .live && $0.counters.applied > 5 }
                await harness.simulator.pause()
                defer { harness.simulator.resume() }
                let venue = harness.venue(.bitstamp)
                let reference = try #require(await venue.book("btcusdt"))
                let scales = DecimalScales(price: 2, size: 4)
                let top = L2Book(bids: reference.top(.buy, 100), asks: reference.top(.sell, 100))
                let expected = levels(top, scales: scales, depth: 100)
                try await waitFor(connector.status, timeout: .seconds(30), "top 100 equal to the venue's") {
                    $0.state == .live && levels($0.book, scales: $0.scales, depth: 100) == expected
                }
                harness.simulator.resume()
                await venue.inject(.crossedSnapshot)
                await venue.inject(.drop)
                try await waitFor(connector.status, "crossed, resynced, live") {
                    $0.counters.crossed >= 1 && $0.counters.resyncs >= 1 && $0.state == .live
                }
            }
        }
    }
}
