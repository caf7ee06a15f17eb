import OrderBook

/// Feeds recorded BitMEX frames of one symbol through a ``BitMEXBookSync``.
public struct BitMEXReplay: BookReplay, Sendable {
    /// The parser (its last result is inspectable).
    public private(set) var parser = BitMEXFrameParser()
    /// The synchroniser and its book.
    public private(set) var sync: BitMEXBookSync
    /// Frames that failed to parse, and the first error.
    public private(set) var failures = ParseFailures()

    /// - Returns: `nil` when the symbol is longer than ``VenueSymbol/capacity``.
    public init?(symbol: String) {
        guard let venueSymbol = VenueSymbol(symbol) else { return nil }
        sync = BitMEXBookSync(symbol: venueSymbol)
    }

    public var currentBook: L2Book { sync.book }
    public var counters: BookSyncCounters { sync.counters }
    public var scales: DecimalScales { parser.scales }

    /// Handles one recorded frame (other instruments and kinds are ignored).
    public mutating func feed(_ frame: RecordedFrame) {
        guard frame.kind == .received else { return }
        do {
            let action = try parser.parse(frame.payload)
            sync.handle(action, rows: parser.rows)
        } catch {
            failures.record(error)
        }
    }
}
