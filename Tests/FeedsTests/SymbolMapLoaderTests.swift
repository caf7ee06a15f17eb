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
        ("binance", SimulatedVenueKind.binance), ("coinbase", .coinbase), ("bitstamp", .bitstamp), ("bitmex", .bitmex), ("okx", .okx),
    ])
    func simulated(_ venue: String, _ kind: SimulatedVenueKind) async throws {
        try await SimulatorHarness.with { harness in
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
}
