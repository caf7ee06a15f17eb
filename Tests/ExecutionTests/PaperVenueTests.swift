import BourseCore
import Execution
import Foundation
import OrderBook
import Testing

/// A BTC/USDT book at scales 2/4: asks 100.00 × 1.0000, 100.01 × 2.0000; bids 99.99 × 1.5000.
func sampleBook() -> L2Book {
    var book = L2Book()
    book.set(.sell, price: Price(10_000), quantity: Quantity(10_000))
    book.set(.sell, price: Price(10_001), quantity: Quantity(20_000))
    book.set(.buy, price: Price(9_999), quantity: Quantity(15_000))
    return book
}

func paper(_ name: String = "paper") -> PaperVenue { PaperVenue(venue: name) { _ in sampleBook() } }

/// Short backoff; a timeout patient enough for a loaded CI machine (tests that need a late answer make it later).
/// Short backoffs, patient deadline: under full CI load an in-process venue's answer took over a second, and a
/// test that is not about deadlines must not see an order reported failed for it.
func quickConfiguration(timeout: Duration = .seconds(20)) -> ExecutionClient.Configuration {
    var configuration = ExecutionClient.Configuration()
    configuration.requestTimeout = timeout
    configuration.backoffBase = .milliseconds(5)
    configuration.backoffMaximum = .milliseconds(50)
    return configuration
}

func temporaryJournal() throws -> ExecutionJournal {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("bourse-exec-\(UUID().uuidString).jsonl").path
    return try ExecutionJournal(path: path)
}

func buy(_ client: ExecutionClient, _ venue: String, price: Int64, quantity: Int64, tif: ExecutionTimeInForce = .ioc) async -> OrderIntent {
    await client.makeIntent(
        venue: venue, symbol: "BTCUSDT", side: .buy, price: Price(price), quantity: Quantity(quantity), timeInForce: tif,
        priceScale: 2, sizeScale: 4)
}

@Suite("Execution client against a paper venue")
struct PaperVenueTests {
    @Test("an IOC sweeps the book up to its limit and reports exact fills")
    func sweep() async throws {
        let venue = paper()
        let client = ExecutionClient(venues: [venue], journal: nil, configuration: quickConfiguration())
        let report = try await client.execute(await buy(client, "paper", price: 10_001, quantity: 25_000))
        #expect(report.state == .filled)
        #expect(report.filled == 25_000)
        #expect(report.filledNotional == 10_000 * 10_000 + 15_000 * 10_001)
        let fills = await client.fills
        #expect(fills.count == 1 && fills[0].quantity == 25_000)
    }

    @Test("a late answer is met with a status query, not a second order")
    func lateAnswer() async throws {
        let venue = paper()
        var faults = PaperVenue.Faults()
        faults.answerDelay = .seconds(3)
        await venue.setFaults(faults)
        let client = ExecutionClient(venues: [venue], journal: nil, configuration: quickConfiguration(timeout: .seconds(1)))
        let report = try await client.execute(await buy(client, "paper", price: 10_000, quantity: 5_000))
        #expect(report.filled == 5_000)
        #expect(await venue.ordersCreated == 1)
        #expect(await venue.submissionsReceived == 1)
        let counters = await client.counters
        #expect(counters.statusQueries >= 1)
        #expect(counters.unknownOutcomes == 1)
    }

    @Test("an order applied but answered with 'status unknown' twice is created once")
    func lostAnswers() async throws {
        let venue = paper()
        var faults = PaperVenue.Faults()
        faults.lostAnswers = 2
        await venue.setFaults(faults)
        let client = ExecutionClient(venues: [venue], journal: nil, configuration: quickConfiguration())
        let first = try await client.execute(await buy(client, "paper", price: 10_000, quantity: 5_000))
        let second = try await client.execute(await buy(client, "paper", price: 10_000, quantity: 5_000))
        #expect(first.filled == 5_000 && second.filled == 5_000)
        #expect(await venue.ordersCreated == 2)
        #expect(await client.fills.count == 2)
    }

    @Test("a report read twice counts once")
    func answeredTwice() async throws {
        let venue = paper()
        let client = ExecutionClient(venues: [venue], journal: nil, configuration: quickConfiguration())
        let intent = await buy(client, "paper", price: 10_000, quantity: 5_000)
        let report = try await client.execute(intent)
        _ = try await client.refresh(intent.clientOrderID)
        _ = await client.accept(report)
        let fills = await client.fills
        #expect(fills.count == 1)
        #expect(fills.map(\.quantity).reduce(0, +) == 5_000)
    }

    @Test("the same intent executed twice is refused by the client and the venue")
    func duplicateIntent() async throws {
        let venue = paper()
        let client = ExecutionClient(venues: [venue], journal: nil, configuration: quickConfiguration())
        let intent = await buy(client, "paper", price: 9_000, quantity: 5_000, tif: .gtc)
        _ = try await client.execute(intent)
        await #expect(throws: OrderEntryError.self) { try await client.execute(intent) }
        await #expect(throws: OrderEntryError.self) { try await venue.submit(intent) }
        #expect(await venue.ordersCreated == 1)
    }

    @Test("an unreachable venue opens the breaker; nothing is sent while it is open; a trial closes it")
    func circuitBreaker() async throws {
        let venue = paper()
        var faults = PaperVenue.Faults()
        faults.unreachable = true
        await venue.setFaults(faults)
        var configuration = quickConfiguration()
        configuration.breakerThreshold = 3
        configuration.breakerCooldown = .milliseconds(300)
        let client = ExecutionClient(venues: [venue], journal: nil, configuration: configuration)
        await #expect(throws: OrderEntryError.self) { try await client.execute(await buy(client, "paper", price: 10_000, quantity: 1)) }
        #expect(await client.breaker("paper")?.state == .open)
        do throws(OrderEntryError) {
            _ = try await client.execute(await buy(client, "paper", price: 10_000, quantity: 1))
            Issue.record("an open breaker let an order through")
        } catch {
            #expect(error.code == .circuitOpen)
        }
        #expect(await venue.submissionsReceived == 0)
        await venue.setFaults(PaperVenue.Faults())
        try await Task.sleep(for: .milliseconds(350))
        let report = try await client.execute(await buy(client, "paper", price: 10_000, quantity: 1))
        #expect(report.filled == 1)
        #expect(await client.breaker("paper")?.state == .closed)
        #expect(await venue.ordersCreated == 1)
    }

    @Test("the kill switch cancels every open order and refuses new ones")
    func killSwitch() async throws {
        let venue = paper()
        let client = ExecutionClient(venues: [venue], journal: nil, configuration: quickConfiguration())
        for price in [9_000, 9_001, 9_002] as [Int64] {
            let report = try await client.execute(await buy(client, "paper", price: price, quantity: 1_000, tif: .gtc))
            #expect(report.state == .open)
        }
        #expect(try await venue.openOrders(symbol: "BTCUSDT").count == 3)
        let cancelled = await client.halt()
        #expect(cancelled == 3)
        #expect(try await venue.openOrders(symbol: "BTCUSDT").isEmpty)
        do throws(OrderEntryError) {
            _ = try await client.execute(await buy(client, "paper", price: 9_000, quantity: 1_000, tif: .gtc))
            Issue.record("a halted client sent an order")
        } catch {
            #expect(error.code == .halted)
        }
    }

    @Test("after a crash between send and answer the client reconciles before sending, and never resends")
    func crashReconciliation() async throws {
        let venue = paper()
        let journal = try temporaryJournal()
        // Before the crash: three intents journaled. One reached the venue and filled, one reached it and
        // rests, one never left (the crash came between journaling and sending).
        let before = ExecutionClient(venues: [venue], journal: journal, configuration: quickConfiguration())
        let filled = await buy(before, "paper", price: 10_000, quantity: 4_000)
        let resting = await buy(before, "paper", price: 9_000, quantity: 2_000, tif: .gtc)
        let unsent = await buy(before, "paper", price: 10_000, quantity: 3_000)
        for intent in [filled, resting, unsent] { try journal.append(.intent(intent)) }
        _ = try await venue.submit(filled)
        _ = try await venue.submit(resting)
        await venue.fillResting(resting.clientOrderID, quantity: 500, price: 9_000)

        let after = ExecutionClient(venues: [venue], journal: try ExecutionJournal(path: journal.path), configuration: quickConfiguration())
        let result = await after.reconcile()
        #expect(result.intents == 3)
        #expect(result.checked == 3)
        #expect(result.found == 2)
        #expect(result.neverReceived == 1)
        #expect(await venue.ordersCreated == 2)
        let fills = await after.fills
        #expect(fills.map(\.quantity).reduce(0, +) == 4_000 + 500)
        #expect(await after.openOrderIDs == [resting.clientOrderID])
        // New ids continue after the journaled ones.
        let next = await buy(after, "paper", price: 10_000, quantity: 1)
        #expect(![filled, resting, unsent].map(\.clientOrderID).contains(next.clientOrderID))
        // A third start reads the same state from the journal alone.
        let third = ExecutionClient(venues: [venue], journal: try ExecutionJournal(path: journal.path), configuration: quickConfiguration())
        _ = await third.reconcile()
        #expect(await third.fills.map(\.quantity).reduce(0, +) == 4_500)
        try? FileManager.default.removeItem(atPath: journal.path)
    }
}
