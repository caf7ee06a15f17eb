/// A venue-independent instrument name: base and quote asset (`BTC/USDT`), with the venues' spellings.
///
/// Normalisation: `BTC/USDT`, `BTC-USDT`, `btc_usdt`, `BTCUSDT`, `btcusdt` and BitMEX's `XBTUSDT` all name
/// `BTC/USDT`. Concatenated names are split on the longest known quote asset at the end (``knownQuotes``),
/// preferring a base of three letters or more, unless an instrument map (``SymbolMap``) loaded from the venue
/// says otherwise.
public struct CanonicalSymbol: Hashable, Sendable, CustomStringConvertible, Comparable {
    /// Upper-case base asset (`BTC`; BitMEX's `XBT` is normalised to `BTC`).
    public let base: String
    /// Upper-case quote asset.
    public let quote: String

    public init(base: String, quote: String) {
        self.base = Self.normalise(base)
        self.quote = Self.normalise(quote)
    }

    /// Quote assets recognised at the end of a concatenated name, longest first.
    public static let knownQuotes = ["FDUSD", "USDT", "USDC", "BUSD", "TUSD", "USD", "EUR", "GBP", "BTC", "XBT", "ETH", "BNB"]

    /// Parses any usual spelling; `nil` when the name cannot be split.
    public init?(_ text: String) {
        let upper = text.uppercased()
        for separator: Character in ["/", "-", "_", ":"] where upper.contains(separator) {
            let parts = upper.split(separator: separator, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return nil }
            self.init(base: String(parts[0]), quote: String(parts[1]))
            return
        }
        // Prefer a base of at least three letters (`XBTUSD` is XBT/USD, not XB/TUSD), then any base (`OPUSDT`).
        for minimumBase in [3, 1] {
            for quote in Self.knownQuotes where upper.hasSuffix(quote) && upper.count >= quote.count + minimumBase {
                self.init(base: String(upper.dropLast(quote.count)), quote: quote)
                return
            }
        }
        return nil
    }

    public var description: String { base + "/" + quote }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.description < rhs.description }

    private static func normalise(_ asset: String) -> String {
        let upper = asset.uppercased()
        return upper == "XBT" ? "BTC" : upper
    }

    /// The name a venue uses: `binance` `BTCUSDT`, `coinbase`/`coinbase-advanced`/`okx` `BTC-USDT`, `bitstamp` `btcusdt`,
    /// `bitmex` `XBTUSDT`, `kraken` `BTC/USDT`; anything else the canonical `BTC/USDT`.
    public func name(on venue: String) -> String {
        switch venue {
        case "binance", "binance-futures": return base + quote
        case "coinbase", "coinbase-advanced", "okx": return base + "-" + quote
        case "bitstamp", "bitstamp-top": return (base + quote).lowercased()
        case "bitmex": return (base == "BTC" ? "XBT" : base) + (quote == "BTC" ? "XBT" : quote)
        default: return description
        }
    }
}

/// An instrument map for one venue: venue name ↔ canonical symbol, for names the heuristic cannot split or
/// that a venue spells its own way (loaded from `exchangeInfo` and equivalents, or given in configuration).
public struct SymbolMap: Sendable {
    private var toCanonical: [String: CanonicalSymbol] = [:]
    private var toVenue: [CanonicalSymbol: String] = [:]
    private var contractScales: [String: Int] = [:]

    public init() {}

    /// Records that the venue calls `symbol` `name`.
    public mutating func add(_ name: String, _ symbol: CanonicalSymbol) {
        toCanonical[name.uppercased()] = symbol
        toVenue[symbol] = name
    }

    /// The canonical symbol of a venue name: the map first, then the usual spellings.
    public func canonical(_ name: String) -> CanonicalSymbol? {
        toCanonical[name.uppercased()] ?? CanonicalSymbol(name)
    }

    /// Records that one contract of the venue's `name` is `10^-scale` of the base asset (a linear contract such as
    /// BitMEX's XBTUSDT, one contract = 0.000001 XBT: scale 6), so a size in contracts read at that scale is the
    /// base quantity, exactly.
    public mutating func setContractScale(_ name: String, _ scale: Int) {
        contractScales[name.uppercased()] = scale
    }

    /// The contract scale of a venue name, when its sizes are contracts of a power-of-ten base quantity.
    public func contractScale(of name: String) -> Int? {
        contractScales[name.uppercased()]
    }

    /// The venue's name of a symbol: the map first, then ``CanonicalSymbol/name(on:)``.
    public func name(of symbol: CanonicalSymbol, on venue: String) -> String {
        toVenue[symbol] ?? symbol.name(on: venue)
    }
}
