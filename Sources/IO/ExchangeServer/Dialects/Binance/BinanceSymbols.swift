import BourseCore
import ExchangeCore

/// Binance names markets by concatenating base and quote (`BTCUSDT`); Bourse by joining them with a dash
/// (`BTC-USDT`). Both directions go through the catalog, so any market Bourse lists has a Binance name.
extension InstrumentCatalog {
    /// The Binance name of a market.
    static func binanceSymbol(_ instrument: Instrument) -> String { instrument.baseAsset + instrument.quoteAsset }

    /// The market a Binance symbol (any case) names.
    /// - Throws: ``BinanceError`` -1121 when no market has that name.
    func binanceMarket(_ symbol: String) async throws(BinanceError) -> MarketDefinition {
        guard symbol.utf8.count <= 32 else { throw .invalidSymbol }
        let wanted = symbol.uppercased()
        if let found = markets.first(where: { Self.binanceSymbol($0.instrument) == wanted }) { return found }
        await refresh()
        guard let found = markets.first(where: { Self.binanceSymbol($0.instrument) == wanted }) else {
            throw .invalidSymbol
        }
        return found
    }

    /// The market a Binance symbol names, from the cache only (for socket stream names).
    func cachedBinanceMarket(_ symbol: String) -> MarketDefinition? {
        let wanted = symbol.uppercased()
        return markets.first { Self.binanceSymbol($0.instrument) == wanted }
    }
}
