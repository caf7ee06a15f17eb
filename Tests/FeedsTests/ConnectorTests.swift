import BourseCore
import Feeds
import MarketData
import OrderBook
import Testing
import VenueSimulator

/// Every connector against its simulated venue over real sockets: reaches `live` and keeps exactly the venue's
/// book while the venue's engine trades.
@Suite("Connectors against the venue simulator", .serialized, .timeLimit(.minutes(3)))
struct ConnectorTests {
    @Test("the connector's book equals the venue's", arguments: SimulatedVenueKind.allCases)
    func sameBook(_ kind: SimulatedVenueKind) async throws {
        try await SimulatorHarness.with([kind]) { harness in
            try await withConnector(AnyVenueDriver(harness.driver(kind))) { connector in
                try await waitFor(connector.status, "live") { $0.state == .live }
                try await expectSameBook(harness, kind, connector)
                // Still equal after more trading.
                let applied = connector.status.current.value.counters.applied
                try await waitFor(connector.status, "more updates") { $0.counters.applied > applied + 20 }
                try await expectSameBook(harness, kind, connector)
                let counters = connector.status.current.value.counters
                #expect(counters.gaps == 0)
                #expect(counters.crossed == 0)
                #expect(counters.parseErrors == 0)
                #expect(counters.lastReceiveTime > 0)
            }
        }
    }

    @Test("Binance's combined-stream envelope")
    func binanceCombined() async throws {
        try await SimulatorHarness.with([.binance]) { harness in
            let driver = BinanceDriver(
                symbol: "BTCUSDT", websocketBase: harness.ws(.binance), restBase: harness.http(.binance), combined: true)!
            #expect(driver.streamURL.hasSuffix("/stream?streams=btcusdt@depth@100ms"))
            try await withConnector(driver) { connector in
                try await waitFor(connector.status, "live") { $0.state == .live }
                try await expectSameBook(harness, .binance, connector)
                #expect(connector.status.current.value.counters.lastExchangeTime > 0)
            }
        }
    }

    @Test("a second instrument (ETH/BTC) on every venue", arguments: SimulatedVenueKind.allCases)
    func secondInstrument(_ kind: SimulatedVenueKind) async throws {
        try await SimulatorHarness.with([kind]) { harness in
            try await withConnector(AnyVenueDriver(harness.driver(kind, symbol: CanonicalSymbol(base: "ETH", quote: "BTC")))) { connector in
                try await waitFor(connector.status, "live") { $0.state == .live }
                try await expectSameBook(harness, kind, connector)
            }
        }
    }
}
