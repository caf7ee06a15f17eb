import BourseCore
import Feeds
import MarketData
import Testing
import VenueSimulator

/// Instrument maps from the venues' own lists: exact names both ways, where the heuristic alone would guess.
@Suite("Instrument maps from exchangeInfo and equivalents")
struct SymbolMapLoaderTests {
    @Test("a Binance exchangeInfo maps names the heuristic cannot split, and back")
    func binanceFixture() throws {
        let body = Array("""
            {"timezone":"UTC","symbols":[{"symbol":"1000PEPEUSDT","status":"TRADING","baseAsset":"1000PEPE","quoteAsset":"USDT"},\
            {"symbol":"ETHBTC","baseAsset":"ETH","quoteAsset":"BTC"},{"symbol":"USDCUSDT","baseAsset":"USDC","quoteAsset":"USDT"}]}
            """.utf8)
        let map = try SymbolMapLoader.parse(venue: "binance", body: body)
        #expect(map.canonical("1000PEPEUSDT") == CanonicalSymbol(base: "1000PEPE", quote: "USDT"))
        #expect(map.canonical("usdcusdt") == CanonicalSymbol(base: "USDC", quote: "USDT"))
        #expect(map.name(of: CanonicalSymbol(base: "ETH", quote: "BTC"), on: "binance") == "ETHBTC")
        #expect(throws: SymbolMapLoader.LoadError.self) { try SymbolMapLoader.parse(venue: "binance", body: Array("[1,2]".utf8)) }
        #expect(throws: SymbolMapLoader.LoadError.self) { try SymbolMapLoader.parse(venue: "nowhere", body: []) }
    }

    @Test("every simulated venue's instrument list loads over HTTP and names its own instruments", arguments: [
        ("binance", SimulatedVenueKind.binance), ("binance-futures", .binanceFutures), ("coinbase", .coinbase),
        ("bitstamp", .bitstamp), ("bitmex", .bitmex), ("okx", .okx),
    ])
    func simulated(_ venue: String, _ kind: SimulatedVenueKind) async throws {
        try await SimulatorHarness.with([kind]) { harness in
            let map = try await SymbolMapLoader.load(venue: venue, restBase: harness.http(kind))
            let instruments = await harness.venue(kind).instruments
            #expect(instruments.count == 2)
            for instrument in instruments {
                let symbol = CanonicalSymbol(base: instrument.baseAsset, quote: instrument.quoteAsset)
                #expect(map.canonical(instrument.symbol) == symbol, "\(venue) \(instrument.symbol)")
                #expect(map.name(of: symbol, on: venue) == instrument.symbol, "\(venue) \(symbol)")
            }
        }
    }

    @Test("BitMEX: a linear contract of a power-of-ten size gets a contract scale; an inverse one does not")
    func bitmexContracts() throws {
        let body = Array("""
            [{"symbol":"XBTUSDT","rootSymbol":"XBT","quoteCurrency":"USDT","underlyingToPositionMultiplier":1000000,"isInverse":false},\
            {"symbol":"XBTUSD","rootSymbol":"XBT","quoteCurrency":"USD","underlyingToPositionMultiplier":null,"isInverse":true},\
            {"symbol":"ODDUSDT","rootSymbol":"ODD","quoteCurrency":"USDT","underlyingToPositionMultiplier":3000,"isInverse":false}]
            """.utf8)
        let map = try SymbolMapLoader.parse(venue: "bitmex", body: body)
        #expect(map.contractScale(of: "XBTUSDT") == 6)
        #expect(map.contractScale(of: "XBTUSD") == nil)
        #expect(map.contractScale(of: "ODDUSDT") == nil, "3,000 contracts a unit is no power of ten: no exact scale")
        #expect(BitMEXDriver(symbol: "XBTUSDT", websocketBase: "ws://x", contractScale: 9) == nil, "finer than the book's 8 decimals")
    }

    @Test("BitMEX with its instrument list: the connector's book holds base quantities, the venue's contracts × 10^-k exactly")
    func bitmexBaseSizes() async throws {
        try await SimulatorHarness.with([.bitmex]) { harness in
            let map = try await SymbolMapLoader.load(venue: "bitmex", restBase: harness.http(.bitmex))
            #expect(map.contractScale(of: "XBTUSDT") == 4, "the simulated XBTUSDT contract is 0.0001 XBT")
            let endpoint = VenueEndpoint(websocket: harness.ws(.bitmex), rest: harness.http(.bitmex))
            let driver = try #require(VenueDirectory.driver(
                venue: "bitmex", symbol: CanonicalSymbol(base: "BTC", quote: "USDT"), endpoint: endpoint, map: map))
            try await withConnector(AnyVenueDriver(driver)) { connector in
                try await waitFor(connector.status, "live") { $0.state == .live && $0.counters.applied > 3 }
                await harness.simulator.pause()
                defer { harness.simulator.resume() }
                let venueBook = try #require(await harness.venue(.bitmex).book("XBTUSDT"))
                let instrument = try #require(await harness.venue(.bitmex).instruments.first { $0.symbol == "XBTUSDT" })
                // The venue's sizes are contract counts; 1 contract = 0.0001 XBT, so the text of n contracts at 4
                // decimals is the base quantity.
                let expected = levels(venueBook, scales: DecimalScales(price: instrument.priceScale, size: 4), depth: 25)
                #expect(!expected.isEmpty)
                let status = try await waitFor(connector.status, "base sizes equal to the venue's contracts") {
                    levels($0.book, scales: $0.scales, depth: 25) == expected
                }
                #expect(status.scales.size == 8)
            }
        }
    }
}
