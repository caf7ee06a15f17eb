import BourseCore
import Execution
import ExchangeServer
import Testing

/// The execution client's two order-entry dialects against Bourse's real exchange over 127.0.0.1: Bourse's own
/// `/api/v1` and Binance's signed `/api/v3`, on the same books and accounts.
@Suite("Execution client against the exchange", .serialized)
struct ExecutionClientTests {
    enum Dialect: String, CaseIterable, Sendable { case bourse, binance }

    func entry(_ dialect: Dialect, _ user: DemoSetup.User, port: Int) -> any OrderEntry {
        switch dialect {
        case .bourse:
            // Patient HTTP deadlines: some calls below go straight to the entry, and a loaded CI machine is slow.
            return BourseOrderEntry(
                venue: "bourse", baseURL: "http://127.0.0.1:\(port)", apiKey: user.apiKey, secret: user.apiSecret, timeout: .seconds(30))
        case .binance:
            var entry = BinanceOrderEntry(
                venue: "bourse", baseURL: "http://127.0.0.1:\(port)", apiKey: user.apiKey, secret: user.apiSecret, timeout: .seconds(30))
            // Binance's recvWindow (5 s by default): a starved CI run once delivered a signed request later than that.
            entry.receiveWindow = 60_000
            return entry
        }
    }

    func intent(_ client: ExecutionClient, _ dialect: Dialect, _ side: Side, price: Int64, size: Int64, tif: ExecutionTimeInForce) async -> OrderIntent {
        await client.makeIntent(
            venue: "bourse", symbol: dialect == .bourse ? "BTC-USDT" : "BTCUSDT", side: side, price: Price(price),
            quantity: Quantity(size), timeInForce: tif, priceScale: 2, sizeScale: 6)
    }

    @Test("an IOC takes a resting order exactly; duplicates, unknown ids and the kill switch behave", arguments: Dialect.allCases)
    func tradeAndFailSafes(_ dialect: Dialect) async throws {
        try await TestExchange.with { exchange in
            var configuration = ExecutionClient.Configuration()
            // Patient: under full CI load one request to the exchange took longer than the 2 s default, and
            // `refresh` makes one attempt. This test is about semantics, not speed.
            configuration.requestTimeout = .seconds(30)
            configuration.idPrefix = "bob"
            let bob = ExecutionClient(venues: [entry(dialect, exchange.bob, port: exchange.port)], journal: nil, configuration: configuration)
            configuration.idPrefix = "alice"
            let aliceEntry = entry(dialect, exchange.alice, port: exchange.port)
            let alice = ExecutionClient(venues: [aliceEntry], journal: nil, configuration: configuration)

            // Bob rests 0.01 BTC at 50,000.00; Alice takes 0.004 with an IOC.
            let ask = await intent(bob, dialect, .sell, price: 5_000_000, size: 10_000, tif: .gtc)
            let resting = try await bob.execute(ask)
            #expect(resting.state == .open)
            let take = await intent(alice, dialect, .buy, price: 5_000_000, size: 4_000, tif: .ioc)
            let taken = try await alice.execute(take)
            #expect(taken.state == .filled)
            #expect(taken.filled == 4_000)
            #expect(taken.filledNotional == 5_000_000 * 4_000)
            let fills = await alice.fills
            #expect(fills.count == 1 && fills[0].quantity == 4_000)

            // Bob's order, asked by its client id: partially filled by exactly that much.
            let partial = try #require(try await bob.refresh(ask.clientOrderID))
            #expect(partial.state == .partiallyFilled && partial.filled == 4_000)

            // The same client id again is refused by the exchange as a duplicate; an unknown id is not found.
            do throws(OrderEntryError) { _ = try await aliceEntry.submit(take); Issue.record("duplicate accepted") } catch {
                #expect(error.code == .duplicate, "\(error)")
            }
            var unknown = take
            unknown.clientOrderID = "alice-never-sent"
            do throws(OrderEntryError) { _ = try await aliceEntry.status(unknown); Issue.record("unknown order found") } catch {
                #expect(error.code == .notFound, "\(error)")
            }

            // Bob's kill switch cancels what rests and refuses new orders.
            #expect(await bob.halt() >= 1)
            let after = try #require(try await bob.refresh(ask.clientOrderID))
            #expect(after.state == .cancelled && after.filled == 4_000)
            do throws(OrderEntryError) {
                _ = try await bob.execute(await intent(bob, dialect, .sell, price: 5_000_000, size: 1_000, tif: .gtc))
                Issue.record("a halted client sent an order")
            } catch {
                #expect(error.code == .halted)
            }
        }
    }
}
