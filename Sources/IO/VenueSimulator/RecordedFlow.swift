import BourseCore
import MarketData
import OrderBook

/// A recorded book to show on the simulated venues instead of a synthetic flow: the book's level updates over
/// time, rebuilt from a capture by the venue's own synchroniser (``BookReplay``), at the smallest decimal
/// scales that hold every recorded price and size exactly.
public struct RecordedFlow: Sendable {
    /// The book's updates after one recorded frame.
    public struct Step: Sendable {
        /// The frame's receive time (ns since the epoch).
        public var time: Int64
        /// The levels that changed, with their new sizes (zero: gone), at the flow's scales.
        public var levels: [L2LevelDifference]
    }

    /// The replayed instrument.
    public let symbol: CanonicalSymbol
    /// Decimals of prices and sizes in ``steps`` and the books.
    public let priceScale: Int
    public let sizeScale: Int
    /// The updates in recorded order (frames that changed nothing are left out).
    public let steps: [Step]
    /// The book after the first step and after the last (a looping replay goes from the last back to the first).
    public let initialBook: L2Book
    public let finalBook: L2Book
    /// The synchroniser's counters over the recording (gaps and resyncs show in the steps as the book did).
    public let counters: BookSyncCounters
    /// Frames read.
    public let frames: Int

    /// Rebuilds the book of `replay`'s symbol from `frames`, in order.
    public init(symbol: CanonicalSymbol, frames: [RecordedFrame], replay: some BookReplay) throws(RecordedFlowError) {
        var replay = replay
        var previous = L2Book()
        var steps: [Step] = []
        for frame in frames {
            let before = replay.counters
            replay.feed(frame)
            // Most frames of a capture are other symbols or kinds: the book changed only if the synchroniser did.
            guard replay.counters != before else { continue }
            let difference = previous.difference(to: replay.currentBook)
            guard !difference.isEmpty else { continue }
            steps.append(Step(time: frame.time, levels: difference))
            previous = replay.currentBook
        }
        guard !steps.isEmpty else { throw RecordedFlowError.noBook(symbol.description, frames: frames.count) }
        // The smallest scales that hold every value: drop the decimal places that are zero everywhere.
        var priceZeros = replay.scales.price
        var sizeZeros = replay.scales.size
        for step in steps {
            for level in step.levels {
                priceZeros = min(priceZeros, Self.trailingZeros(level.price.rawValue, limit: priceZeros))
                if level.quantity.rawValue != 0 { sizeZeros = min(sizeZeros, Self.trailingZeros(level.quantity.rawValue, limit: sizeZeros)) }
            }
        }
        let priceDivisor = FixedPoint.powersOfTen[priceZeros]
        let sizeDivisor = FixedPoint.powersOfTen[sizeZeros]
        func scaled(_ level: L2LevelDifference) -> L2LevelDifference {
            L2LevelDifference(side: level.side, price: Price(level.price.rawValue / priceDivisor), quantity: Quantity(level.quantity.rawValue / sizeDivisor))
        }
        /// The book a list of levels sets up from empty.
        func book(_ levels: [L2LevelDifference]) -> L2Book {
            var book = L2Book()
            for level in levels { book.set(level.side, price: level.price, quantity: level.quantity) }
            return book
        }
        self.symbol = symbol
        self.priceScale = replay.scales.price - priceZeros
        self.sizeScale = replay.scales.size - sizeZeros
        self.steps = steps.map { Step(time: $0.time, levels: $0.levels.map(scaled)) }
        // The first step goes from an empty book, so it is the first book whole.
        initialBook = book(self.steps[0].levels)
        finalBook = book(L2Book().difference(to: previous).map(scaled))
        counters = replay.counters
        self.frames = frames.count
    }

    /// Trailing decimal zeros of `value`, at most `limit` (zero has as many as allowed).
    static func trailingZeros(_ value: Int64, limit: Int) -> Int {
        var count = 0
        var rest = value
        while count < limit && rest % 10 == 0 && rest != 0 {
            rest /= 10
            count += 1
        }
        return rest == 0 ? limit : count
    }

    /// The mid of the first book with both sides (price units at ``priceScale``), for the instrument's start.
    public var firstMid: Int64 {
        if let bid = initialBook.bestBid?.price.rawValue, let ask = initialBook.bestAsk?.price.rawValue { return bid + (ask - bid) / 2 }
        return initialBook.bestBid?.price.rawValue ?? initialBook.bestAsk?.price.rawValue ?? 1
    }

    /// The simulated instrument that shows this recording (tick and lot one unit at the flow's scales).
    public var instrument: SimulatedInstrument {
        SimulatedInstrument(symbol: symbol, priceScale: priceScale, sizeScale: sizeScale, startPrice: firstMid, tick: 1, lot: 1)
    }
}

/// Why a recording cannot feed the simulator.
public enum RecordedFlowError: Error, Equatable, CustomStringConvertible {
    /// No frame of the recording gave the symbol a book (wrong venue or symbol, or an empty file).
    case noBook(String, frames: Int)

    /// A stable code.
    public var code: String {
        switch self {
        case .noBook: return "recording_without_book"
        }
    }

    public var description: String {
        switch self {
        case .noBook(let symbol, let frames): return "no \(symbol) book in the recording (\(frames) frames read): check the venue and symbol"
        }
    }
}
