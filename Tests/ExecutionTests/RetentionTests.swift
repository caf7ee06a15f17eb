import BourseCore
import Execution
import Foundation
import Testing

/// A client that runs for weeks keeps its memory bounded: finished orders, fills and latency samples beyond the
/// configured retention are dropped, while open orders, the fill count, readers' cursors and duplicate refusal
/// stay right.
@Suite("Execution client retention")
struct RetentionTests {
    static func configuration() -> ExecutionClient.Configuration {
        var configuration = quickConfiguration()
        configuration.retainedFinishedOrders = 5
        configuration.retainedFills = 4
        configuration.retainedLatencies = 3
        return configuration
    }

    @Test("finished orders, fills and latencies stay within their retention; open orders and counts stay whole")
    func bounded() async throws {
        let client = ExecutionClient(venues: [paper()], journal: nil, configuration: Self.configuration())
        // Two resting orders first (below the ask: they stay open), then 30 IOCs that fill at once.
        let resting = [await buy(client, "paper", price: 9_000, quantity: 1, tif: .gtc), await buy(client, "paper", price: 9_001, quantity: 1, tif: .gtc)]
        for intent in resting { #expect(try await client.execute(intent).state == .open) }
        var filled: [OrderIntent] = []
        for _ in 0..<30 {
            let intent = await buy(client, "paper", price: 10_000, quantity: 100)
            #expect(try await client.execute(intent).state == .filled)
            filled.append(intent)
        }
        let orders = await client.orders
        #expect(orders.count == 5 + 2, "five finished orders and the two open ones")
        #expect(resting.allSatisfy { orders[$0.clientOrderID]?.isFinished == false })
        #expect(filled.suffix(5).allSatisfy { orders[$0.clientOrderID] != nil }, "the most recently finished are kept")
        #expect(await client.openOrderIDs == resting.map(\.clientOrderID).sorted())

        // Fills: all 30 counted, at least the newest 4 kept, fewer than twice that.
        #expect(await client.fillCount == 30)
        let kept = await client.fills
        #expect(kept.count >= 4 && kept.count < 8)
        #expect(kept.last?.clientOrderID == filled.last?.clientOrderID)
        #expect(await client.droppedFills + kept.count == 30)
        #expect(await client.latencies.count < 6)

        // A reader that fell behind learns how many it missed and gets what is kept; an up-to-date one gets nothing.
        let behind = await client.fills(after: 0)
        #expect(behind.fills == kept && behind.next == 30 && behind.missed == 30 - kept.count)
        let current = await client.fills(after: 30)
        #expect(current.fills.isEmpty && current.next == 30 && current.missed == 0)
        // The next fill reaches the reader that is up to date.
        _ = try await client.execute(await buy(client, "paper", price: 10_000, quantity: 100))
        let one = await client.fills(after: 30)
        #expect(one.fills.count == 1 && one.next == 31 && one.missed == 0)

        // Duplicates are refused whether the first execution is still in memory or was dropped.
        for intent in [filled[0], filled[29], resting[0]] {
            await #expect(throws: OrderEntryError.self) { try await client.execute(intent) }
        }
        do {
            _ = try await client.execute(filled[0])
        } catch {
            #expect(error.code == .duplicate)
        }
        // Cancelling an open order finishes it, and it then counts against the retention like any other.
        _ = try await client.cancel(resting[0].clientOrderID)
        #expect(await client.orders.count == 5 + 1)
    }

    @Test("recovery from the journal keeps the same bounds and still refuses dropped ids")
    func recovery() async throws {
        let journal = try temporaryJournal()
        let venue = paper()
        let first = ExecutionClient(venues: [venue], journal: journal, configuration: Self.configuration())
        var intents: [OrderIntent] = []
        for _ in 0..<20 {
            let intent = await buy(first, "paper", price: 10_000, quantity: 100)
            _ = try await first.execute(intent)
            intents.append(intent)
        }
        let restarted = ExecutionClient(venues: [venue], journal: journal, configuration: Self.configuration())
        let reconciliation = await restarted.reconcile()
        #expect(reconciliation.intents == 20 && reconciliation.checked == 0)
        #expect(await restarted.orders.count == 5)
        #expect(await restarted.fillCount == 20)
        do {
            _ = try await restarted.execute(intents[0])
            Issue.record("an order executed before the restart was sent again")
        } catch {
            #expect(error.code == .duplicate)
        }
        // New ids continue after the journal's.
        let next = await buy(restarted, "paper", price: 10_000, quantity: 100)
        #expect(!intents.map(\.clientOrderID).contains(next.clientOrderID))
        #expect(try await restarted.execute(next).state == .filled)
    }
}
