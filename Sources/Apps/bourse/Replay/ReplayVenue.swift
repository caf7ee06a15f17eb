import ArgumentParser
import MarketData

/// Venues `bourse replay` and `bourse bench feed` understand.
enum ReplayVenue: String, ExpressibleByArgument, CaseIterable {
    case binance
    case binanceFutures = "binance-futures"
    case bitmex
    case coinbase
    case coinbaseAdvanced = "coinbase-advanced"
    case bitstamp
    case kraken
    case okx

    /// A book keeper for `symbol`, or `nil` when the symbol is not acceptable.
    func makeReplay(symbol: String) -> (any BookReplay)? {
        switch self {
        case .binance: return BinanceReplay(symbol: symbol, rules: .spot)
        case .binanceFutures: return BinanceReplay(symbol: symbol, rules: .usdMFutures)
        case .bitmex: return BitMEXReplay(symbol: symbol)
        case .coinbase: return CoinbaseReplay(product: symbol)
        case .coinbaseAdvanced: return CoinbaseAdvancedReplay(product: symbol)
        case .bitstamp: return BitstampReplay(pair: symbol)
        case .kraken: return KrakenReplay(pair: symbol)
        case .okx: return OKXReplay(instrument: symbol)
        }
    }
}
