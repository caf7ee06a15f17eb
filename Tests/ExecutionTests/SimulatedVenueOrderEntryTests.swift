import BourseCore
import Foundation
import Execution
import Feeds
import Logging
import OrderBook
import ServiceLifecycle
import Testing
import VenueSimulator

/// Runs `body` with a venue simulator on loopback (Binance and Coinbase only) and their order-entry addresses.
func withSimulator(_ body: @Sendable (VenueSimulator, [SimulatedVenueKind: String]) async throws -> Void) async throws {
    var configuration = VenueSimulator.Configuration()
    configuration.ports = [.binance: 0, .coinbase: 0]
    configuration.step = .milliseconds(50)
    var logger = Logger(label: "test.venues")
    logger.logLevel = .warning
    let (events, sink) = AsyncStream<(SimulatedVenueKind, Int)>.makeStream()
    let simulator = try VenueSimulator(configuration: configuration, logger: logger) { kind, port in sink.yield((kind, port)) }
    let group = ServiceGroup(services: [simulator], logger: logger)
    try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        var urls: [SimulatedVenueKind: String] = [:]
        for await (kind, port) in events {
            urls[kind] = "http://127.0.0.1:\(port)"
            if urls.count == 2 { break }
        }
        do {
            try await body(simulator, urls)
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
        await group.triggerGracefulShutdown()
        try await tasks.waitForAll()
    }
}

func simulatedEntry(_ name: String, _ url: String, secret: String = SimulatedVenue.demoCredentials.secret) -> BinanceOrderEntry {
    BinanceOrderEntry(venue: name, baseURL: url, apiKey: SimulatedVenue.demoCredentials.key, secret: secret, timeout: .seconds(30))
}

@Suite("Binance-dialect order entry against the venue simulator (real sockets)")
struct SimulatedVenueOrderEntryTests {
    @Test("an IOC at the touch takes the venue's liquidity at or better than its limit")
    func iocTakesLiquidity() async throws {
        try await withSimulator { simulator, urls in
            await simulator.pause()
            let venue = simulator.venues[.binance]!
            let book = try #require(await venue.book("BTCUSDT"))
            let ask = try #require(book.levels(.sell).first)
            let entry = simulatedEntry("binance", urls[.binance]!)
            let client = ExecutionClient(venues: [entry], journal: nil, configuration: quickConfiguration(timeout: .seconds(5)))
            let intent = await client.makeIntent(
                venue: "binance", symbol: "BTCUSDT", side: .buy, price: ask.price, quantity: ask.quantity, timeInForce: .ioc,
                priceScale: 2, sizeScale: 4)
            let report = try await client.execute(intent)
            #expect(report.state == .filled)
            #expect(report.filled == ask.quantity.rawValue)
            #expect(report.filledNotional == ask.price.rawValue * ask.quantity.rawValue)
            let after = try #require(await venue.book("BTCUSDT"))
            #expect(after.levels(.sell).first?.price != ask.price)
            // Asked again, the venue reports the same order; the client counts its fill once.
            _ = try await client.refresh(intent.clientOrderID)
            #expect(await client.fills.count == 1)
            #expect(await venue.orderCount == 1)
        }
    }

    @Test("typed errors: duplicate id, unknown order, bad signature, unknown symbol")
    func errors() async throws {
        try await withSimulator { simulator, urls in
            let entry = simulatedEntry("coinbase", urls[.coinbase]!)
            let intent = OrderIntent(
                clientOrderID: "t-dup-1", venue: "coinbase", symbol: "BTC-USDT", side: .buy, price: Price(100), quantity: Quantity(1),
                timeInForce: .gtc, priceScale: 2, sizeScale: 4)
            let first = try await entry.submit(intent)
            #expect(first.state == .open)
            do throws(OrderEntryError) { _ = try await entry.submit(intent); Issue.record("duplicate accepted") } catch {
                #expect(error.code == .duplicate)
            }
            var unknown = intent
            unknown.clientOrderID = "t-never"
            do throws(OrderEntryError) { _ = try await entry.status(unknown); Issue.record("unknown order found") } catch { #expect(error.code == .notFound) }
            let forged = simulatedEntry("coinbase", urls[.coinbase]!, secret: "wrong")
            do throws(OrderEntryError) { _ = try await forged.submit(unknown); Issue.record("forged signature accepted") } catch {
                #expect(error.code == .rejected && error.venueCode == -1022)
            }
            var wrongSymbol = unknown
            wrongSymbol.symbol = "NOPE"
            do throws(OrderEntryError) { _ = try await entry.submit(wrongSymbol); Issue.record("unknown symbol accepted") } catch {
                #expect(error.code == .rejected && error.venueCode == -1121)
            }
            #expect(await simulator.venues[.coinbase]!.orderCount == 1)
            let cancelled = try await entry.cancel(intent)
            #expect(cancelled.state == .cancelled)
        }
    }

    @Test("a venue that answers late or loses the answer still gets each order once")
    func lateAndLostAnswers() async throws {
        try await withSimulator { simulator, urls in
            await simulator.pause()
            let venue = simulator.venues[.binance]!
            let entry = simulatedEntry("binance", urls[.binance]!)
            // Patient limits: on a loaded CI machine a status query can itself take longer than a short timeout,
            // and the breaker must not open on those.
            var configuration = quickConfiguration(timeout: .seconds(1))
            configuration.breakerThreshold = 100
            configuration.maximumAttempts = 30
            let client = ExecutionClient(venues: [entry], journal: nil, configuration: configuration)
            await venue.inject(.lateOrders(.seconds(4)))
            let bid = try #require(await venue.book("BTCUSDT")?.levels(.buy).first)
            let late = await client.makeIntent(
                venue: "binance", symbol: "BTCUSDT", side: .sell, price: bid.price, quantity: Quantity(1), timeInForce: .ioc,
                priceScale: 2, sizeScale: 4)
            let lateReport = try await client.execute(late)
            #expect(lateReport.filled == 1)
            await venue.inject(.resume)
            await venue.inject(.lostReplies(2))
            let lost = await client.makeIntent(
                venue: "binance", symbol: "BTCUSDT", side: .sell, price: bid.price, quantity: Quantity(1), timeInForce: .ioc,
                priceScale: 2, sizeScale: 4)
            let lostReport = try await client.execute(lost)
            #expect(lostReport.filled == 1)
            #expect(await venue.orderCount == 2)
            let counters = await client.counters
            #expect(counters.unknownOutcomes == 2)
            #expect(counters.duplicatesRefused == 0)
            #expect(await client.fills.map(\.quantity).reduce(0, +) == 2)
        }
    }
}

@Suite("A venue that drops the connection after accepting")
struct CutConnectionTests {
    @Test("an answer cut off halfway is an unknown outcome: the client asks, finds the order, and never sends it again")
    func cutAfterAccepting() async throws {
        try await withSimulator { simulator, urls in
            await simulator.pause()
            let venue = simulator.venues[.coinbase]!
            let entry = simulatedEntry("coinbase", urls[.coinbase]!)
            let client = ExecutionClient(venues: [entry], journal: nil, configuration: quickConfiguration(timeout: .seconds(5)))
            let bid = try #require(await venue.book("BTC-USDT")?.levels(.buy).first)
            await venue.inject(.cutReplies(1))
            let intent = await client.makeIntent(
                venue: "coinbase", symbol: "BTC-USDT", side: .sell, price: bid.price, quantity: Quantity(1), timeInForce: .ioc,
                priceScale: 2, sizeScale: 4)
            let report = try await client.execute(intent)
            #expect(report.filled == 1)
            #expect(await venue.orderCount == 1)
            let counters = await client.counters
            #expect(counters.unknownOutcomes == 1 && counters.sends == 1 && counters.statusQueries >= 1)
        }
    }
}

@Suite("Execution client crash recovery against the venue simulator (real sockets)")
struct SimulatedCrashRecoveryTests {
    @Test("a client that dies between send and answer is reconciled by the next one: the order counted once, never resent")
    func crashBetweenSendAndAnswer() async throws {
        try await withSimulator { simulator, urls in
            await simulator.pause()
            let venue = simulator.venues[.binance]!
            let journal = try temporaryJournal()
            defer { try? FileManager.default.removeItem(atPath: journal.path) }
            let entry = simulatedEntry("binance", urls[.binance]!)
            // The first client sends, the venue applies the order but answers only after the client gave up
            // (one attempt): the client ends not knowing, as if it had crashed before the answer arrived.
            var configuration = quickConfiguration(timeout: .milliseconds(300))
            configuration.maximumAttempts = 1
            let first = ExecutionClient(venues: [entry], journal: journal, configuration: configuration)
            await venue.inject(.lateOrders(.seconds(2)))
            let ask = try #require(await venue.book("BTCUSDT")?.levels(.sell).first)
            let sent = await first.makeIntent(
                venue: "binance", symbol: "BTCUSDT", side: .buy, price: ask.price, quantity: Quantity(1), timeInForce: .ioc,
                priceScale: 2, sizeScale: 4)
            do throws(OrderEntryError) { _ = try await first.execute(sent); Issue.record("an answer arrived in time") } catch {
                #expect(error.code == .unknownOutcome)
            }
            // A second intent journaled but never sent (the crash came first).
            let unsent = await first.makeIntent(
                venue: "binance", symbol: "BTCUSDT", side: .buy, price: ask.price, quantity: Quantity(1), timeInForce: .ioc,
                priceScale: 2, sizeScale: 4)
            try journal.append(.intent(unsent))
            await venue.inject(.resume)

            let second = ExecutionClient(
                venues: [entry], journal: try ExecutionJournal(path: journal.path), configuration: quickConfiguration(timeout: .seconds(5)))
            let result = await second.reconcile()
            #expect(result.found == 1 && result.neverReceived == 1 && result.unresolved == 0)
            #expect(await venue.orderCount == 1)
            let records = await venue.traderOrders()
            let fills = await second.fills
            #expect(fills.map(\.quantity).reduce(0, +) == records.map(\.filled).reduce(0, +))
            #expect(fills.map(\.notional).reduce(0, +) == records.map(\.filledNotional).reduce(0, +))
            #expect(await second.openOrderIDs.isEmpty)
        }
    }
}
