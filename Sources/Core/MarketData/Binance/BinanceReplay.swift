/// Feeds recorded Binance frames of one symbol through a ``BinanceBookSync``.
///
/// Diffs are matched on their `s` field. Snapshots come either from REST responses whose address names the
/// symbol (`...depth?symbol=BTCUSDT...`, cryptofeed) or as bare `{"lastUpdateId":..}` frames in the
/// received stream (hftbacktest, whose captures hold one symbol). Frames that do not parse are counted in
/// ``errors`` and skipped, like a live handler would. Frames of other streams in a combined-stream capture
/// (`{"stream":"btcusdt@trade",...}`) are routed away by their stream name, as a live client routes them, without
/// reading the rest (``otherStreamFrames``).
public struct BinanceReplay: Sendable {
    /// The symbol replayed (upper case, as Binance writes it in `s`).
    public let symbol: VenueSymbol
    /// The parser (its last result is inspectable).
    public private(set) var parser: BinanceDepthParser
    /// The synchroniser and its book.
    public private(set) var sync: BinanceBookSync
    /// Frames that failed to parse, and the first error.
    public private(set) var failures = ParseFailures()
    /// Price levels in the depth messages of this symbol that were handed to the synchroniser.
    public private(set) var levelUpdates = 0
    /// Depth messages of this symbol handed to the synchroniser (diff events and snapshots); other frames
    /// (bookTicker, trade, other symbols) are not counted.
    public private(set) var depthMessages = 0
    /// Combined-stream frames of a stream that is not a depth stream, skipped by their stream name unread.
    public private(set) var otherStreamFrames = 0

    private let symbolQuery: String

    /// - Parameters:
    ///   - symbol: the symbol, any case (`btcusdt` and `BTCUSDT` are the same).
    ///   - rules: spot or USD-M futures.
    ///   - scales: decimals kept for prices and sizes.
    /// - Returns: `nil` when the symbol is longer than ``VenueSymbol/capacity``.
    public init?(symbol: String, rules: BinanceBookRules, scales: DecimalScales = .binance) {
        guard let venueSymbol = VenueSymbol(symbol.uppercased()) else { return nil }
        self.symbol = venueSymbol
        self.symbolQuery = "SYMBOL=" + symbol.uppercased()
        self.parser = BinanceDepthParser(scales: scales)
        self.sync = BinanceBookSync(rules: rules)
    }

    /// Handles one recorded frame; connects and sent frames are ignored.
    public mutating func feed(_ frame: RecordedFrame) {
        switch frame.kind {
        case .received:
            feedReceived(frame.payload)
        case .http:
            guard let url = frame.url, url.contains("depth"), urlNamesSymbol(url) else { return }
            feedReceived(frame.payload)
        case .connect, .sent:
            return
        }
    }

    /// Parses one received frame and hands it to the synchroniser when it belongs to the symbol.
    public mutating func feedReceived(_ payload: [UInt8]) {
        if Self.isOtherStream(payload) {
            otherStreamFrames += 1
            return
        }
        let kind: BinanceFrameKind
        do {
            kind = try parser.parse(payload)
        } catch {
            failures.record(error)
            return
        }
        switch kind {
        case .depthUpdate:
            guard parser.update.symbol == symbol else { return }
            levelUpdates += parser.levelCount
            depthMessages += 1
            _ = sync.handle(parser.update)
        case .snapshot:
            levelUpdates += parser.levelCount
            depthMessages += 1
            _ = sync.handle(parser.snapshot)
        case .other:
            return
        }
    }

    /// Whether `payload` is a combined-stream envelope, as Binance writes it (`{"stream":"` first), of a stream
    /// whose name has no `@depth`: a trade, bookTicker or other stream. Anything else (another layout, an escape
    /// in the name) is left to the parser. Byte comparisons only: this runs on every frame.
    static func isOtherStream(_ payload: [UInt8]) -> Bool {
        payload.withUnsafeBufferPointer { bytes in
            let start = 11
            guard bytes.count > start, bytes[0] == UInt8(ascii: "{"), bytes[1] == UInt8(ascii: "\""),
                bytes[2] == UInt8(ascii: "s"), bytes[3] == UInt8(ascii: "t"), bytes[4] == UInt8(ascii: "r"),
                bytes[5] == UInt8(ascii: "e"), bytes[6] == UInt8(ascii: "a"), bytes[7] == UInt8(ascii: "m"),
                bytes[8] == UInt8(ascii: "\""), bytes[9] == UInt8(ascii: ":"), bytes[10] == UInt8(ascii: "\"")
            else { return false }
            var at = start
            while at < bytes.count {
                switch bytes[at] {
                case UInt8(ascii: "\""): return true  // the name ended without `@depth`
                case UInt8(ascii: "\\"): return false
                case UInt8(ascii: "@"):
                    if at + 6 <= bytes.count && bytes[at + 1] == UInt8(ascii: "d") && bytes[at + 2] == UInt8(ascii: "e")
                        && bytes[at + 3] == UInt8(ascii: "p") && bytes[at + 4] == UInt8(ascii: "t")
                        && bytes[at + 5] == UInt8(ascii: "h")
                    {
                        return false
                    }
                default: break
                }
                at += 1
            }
            return false
        }
    }

    private func urlNamesSymbol(_ url: String) -> Bool {
        let upper = url.uppercased()
        guard let range = upper.firstRange(of: symbolQuery) else { return false }
        let after = upper[range.upperBound...]
        return after.isEmpty || after.first == "&"
    }
}
