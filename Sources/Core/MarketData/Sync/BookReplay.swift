import OrderBook

/// A venue's book keeper driven by recorded frames: what `bourse replay` and the replay tests need.
public protocol BookReplay {
    /// Handles one recorded frame (frames of other symbols and kinds are ignored).
    mutating func feed(_ frame: RecordedFrame)
    /// The book as it stands.
    var currentBook: L2Book { get }
    /// Synchroniser counters.
    var counters: BookSyncCounters { get }
    /// Frames that could not be parsed, and the first error.
    var failures: ParseFailures { get }
    /// The scales of the book's prices and sizes.
    var scales: DecimalScales { get }
}

extension BookReplay {
    /// Frames that could not be parsed.
    public var errors: Int { failures.count }
    /// The first parse error, if any.
    public var firstError: MarketDataError? { failures.first }
}

extension BinanceReplay: BookReplay {
    public var currentBook: L2Book { sync.book }
    public var counters: BookSyncCounters { sync.counters }
    public var scales: DecimalScales { parser.scales }
}
