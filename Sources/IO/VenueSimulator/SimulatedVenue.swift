import BourseCore
import MarketData
import OrderBook

/// One simulated venue: its markets, its sockets and its fault switches. An actor: the markets, the sequence
/// numbers and the subscriber list change in one place, so a snapshot and the diffs that follow it always
/// agree (a snapshot is built and the subscriber registered in the same step).
public actor SimulatedVenue {
    /// Which venue's formats are spoken.
    public nonisolated let kind: SimulatedVenueKind
    /// BitMEX: one contract of an instrument (by venue name) is `10^-scale` of its base (the instrument list's
    /// `underlyingToPositionMultiplier` is `10^scale`), so contract counts convert to the other venues' sizes.
    public nonisolated let contractScales: [String: Int]
    var markets: [String: Market] = [:]
    var subscribers: [Int: Subscriber] = [:]
    private var nextSubscriber = 0
    var faults = FaultState()
    /// Coinbase Advanced Trade: the second of the last heartbeat sent.
    var lastAdvancedHeartbeat: Int64 = 0
    /// Orders received through the venue's order entry.
    var desk = OrderDesk()
    /// Frames held back while the venue is stale, in order.
    private var held: [(id: Int, text: String)] = []
    /// Frames sent so far (all sockets), for tests and the status endpoint.
    public private(set) var framesSent = 0

    /// A venue's market and its venue-specific sequence state.
    struct Market {
        var name: String
        /// The canonical symbol (`BTC/USDT`).
        var canonical: String
        var market: SyntheticMarket
        /// Binance: the id of the last level change.
        var updateID: Int64 = 1_000
        /// Bitstamp: the microtimestamp of the last diff.
        var microtimestamp: Int64 = 0
        /// OKX: the `seqId` of the last message.
        var seqID: Int64 = 10_000
        /// Coinbase: heartbeat sequence.
        var sequence: Int64 = 0
        /// Kraken: the top levels last published (what subscribers' depth-10 books hold).
        var krakenTop = L2Book()
        /// OKX: the 400-level window last published (what subscribers' books hold).
        var okxWindow = L2Book()
        /// BitMEX: prices with a row on the wire (an update names a known id, an insert a new one).
        var bitmexKnown: Set<Int64> = []
        /// Faults waiting for this market's next diff or snapshot.
        var skipNext = false
        var crossedNext = false
    }

    /// A socket's queue and what it follows.
    struct Subscriber {
        var continuation: AsyncStream<String>.Continuation
        var symbols: Set<String> = []
        var combined = false
        /// Binance stream names as the client spelled them, by symbol.
        var streamNames: [String: String] = [:]
        /// Coinbase: the client subscribed the Advanced Trade way (`"channel":"level2"`), so it gets the
        /// Advanced Trade envelope with this connection's `sequence_num`.
        var advanced = false
        var sequenceNum: Int64 = 0
        var heartbeats = false
        /// Bitstamp: symbols followed on `order_book_<pair>` (the top 100 on every change) rather than diffs.
        var topBook: Set<String> = []
    }

    struct FaultState {
        var stale = false
        var refuseUntil: ContinuousClock.Instant?
        var delay: Duration = .zero
        /// Order entry answers this late (the order is applied at once).
        var orderDelay: Duration = .zero
        /// This many coming orders are applied but answered with Binance's "execution status unknown" (HTTP 503,
        /// code -1007), as when a gateway times out behind the venue.
        var lostReplies = 0
        /// This many coming orders are applied and their answers cut off halfway (connection dropped).
        var cutReplies = 0
    }

    /// Most frames a socket may have queued before it is disconnected as too slow.
    static let queueLimit = 20_000

    /// - Parameter replayed: the instrument whose book follows a recording (``replay(_:steps:now:)``) where this
    ///   venue's grid holds the recording's prices and sizes (not on BitMEX's contract grid: there it keeps the
    ///   synthetic flow).
    public init(
        kind: SimulatedVenueKind, instruments: [SimulatedInstrument], seed: UInt64, replayed: CanonicalSymbol? = nil
    ) throws(InstrumentError) {
        self.kind = kind
        var contractScales: [String: Int] = [:]
        for definition in instruments where kind == .bitmex {
            contractScales[definition.symbol.name(on: kind.rawValue)] = definition.sizeScale
        }
        self.contractScales = contractScales
        for (index, definition) in instruments.enumerated() {
            let instrument = try definition.instrument(on: kind)
            let name = instrument.symbol
            let replays = definition.symbol == replayed && instrument.tickSize.rawValue == definition.tick
                && instrument.lotSize.rawValue == definition.lot && instrument.sizeScale == definition.sizeScale
            let market = replays
                ? SyntheticMarket.replaying(instrument: instrument)
                : SyntheticMarket(instrument: instrument, mid: definition.startPrice, seed: seed &+ UInt64(index) &* 7919)
            var entry = Market(name: name, canonical: definition.symbol.description, market: market)
            entry.okxWindow = Self.okxWindow(market.book)
            for side in [Side.buy, .sell] {
                for level in market.book.levels(side) {
                    entry.bitmexKnown.insert(Self.bitmexKey(LevelChange(side: side, price: level.price, quantity: level.quantity)))
                }
            }
            markets[Self.key(name)] = entry
        }
    }

    /// Venue names are matched without regard to case (`btcusdt` in a Binance stream name is `BTCUSDT`).
    static func key(_ name: String) -> String { name.uppercased() }

    /// The instruments listed, by venue name.
    public var instruments: [Instrument] { markets.values.map(\.market.instrument).sorted { $0.symbol < $1.symbol } }

    /// The book of an instrument right now (tests compare connectors against it).
    public func book(_ name: String) -> L2Book? { markets[Self.key(name)]?.market.book }

    /// Whether new sockets and REST requests are accepted (not while a `refuse` fault lasts).
    public var accepting: Bool {
        guard let until = faults.refuseUntil else { return true }
        return ContinuousClock.now >= until
    }

    /// The delay applied to every frame (the `slow` fault).
    public var frameDelay: Duration { faults.delay }

    // MARK: Sockets

    /// Registers a socket; its frames arrive on the returned stream until it ends (venue dropped it).
    public func connect() -> (id: Int, frames: AsyncStream<String>) {
        nextSubscriber += 1
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingOldest(Self.queueLimit))
        subscribers[nextSubscriber] = Subscriber(continuation: continuation)
        return (nextSubscriber, stream)
    }

    /// Forgets a socket.
    public func disconnect(_ id: Int) {
        subscribers.removeValue(forKey: id)?.continuation.finish()
    }

    func send(_ text: String, to id: Int) {
        guard let subscriber = subscribers[id] else { return }
        if faults.stale {
            // A stalled venue loses nothing: frames wait and go out on `resume` (too many: the socket is dropped).
            guard held.count < Self.queueLimit * 4 else { return disconnect(id) }
            held.append((id, text))
            return
        }
        if case .dropped = subscriber.continuation.yield(text) {
            disconnect(id)
        } else {
            framesSent += 1
        }
    }

    func broadcast(_ text: String, symbol: String) {
        for (id, subscriber) in subscribers where subscriber.symbols.contains(symbol) { send(text, to: id) }
    }

    // MARK: Faults

    /// Applies a fault switch.
    public func inject(_ fault: VenueFault) {
        switch fault {
        case .drop:
            for id in Array(subscribers.keys) { disconnect(id) }
        case .stale:
            faults.stale = true
        case .resume:
            faults = FaultState()
            for key in Array(markets.keys) {
                markets[key]?.skipNext = false
                markets[key]?.crossedNext = false
            }
            let frames = held
            held.removeAll()
            for frame in frames { send(frame.text, to: frame.id) }
        case .skipSequence:
            for key in Array(markets.keys) { markets[key]?.skipNext = true }
        case .crossedSnapshot:
            for key in Array(markets.keys) { markets[key]?.crossedNext = true }
        case .malformedFrame:
            for id in Array(subscribers.keys) { send(Self.malformed(kind), to: id) }
        case .refuse(let duration):
            faults.refuseUntil = ContinuousClock.now + duration
            for id in Array(subscribers.keys) { disconnect(id) }
        case .slow(let delay):
            faults.delay = delay
        case .lateOrders(let delay):
            faults.orderDelay = delay
        case .lostReplies(let count):
            faults.lostReplies = count
        case .cutReplies(let count):
            faults.cutReplies = count
        case .shutdownNotice:
            switch kind {
            case .binance, .binanceFutures:
                for id in Array(subscribers.keys) { send("{\"e\":\"serverShutdown\",\"E\":\(Self.milliseconds())}", to: id) }
            case .bitstamp:
                for id in Array(subscribers.keys) {
                    send("{\"event\":\"bts:request_reconnect\",\"channel\":\"\",\"data\":\"\"}", to: id)
                }
            case .coinbase, .bitmex, .okx, .kraken:
                for id in Array(subscribers.keys) { disconnect(id) }
            }
        }
    }

    static func malformed(_ kind: SimulatedVenueKind) -> String {
        switch kind {
        case .binance, .binanceFutures: return "{\"e\":\"depthUpdate\",\"E\":17,\"s\":\"BTCUSDT\",\"U\":"
        case .coinbase: return "{\"type\":\"l2update\",\"product_id\":\"BTC-USDT\",\"changes\":[[\"buy\",\"1.0\"]]"
        case .bitstamp: return "{\"data\":{\"microtimestamp\":\"x\"},\"channel\":\"diff_order_book_btcusdt\",\"event\":\"data\"}"
        case .bitmex: return "{\"table\":\"orderBookL2\",\"action\":\"update\",\"data\":[{\"symbol\":"
        case .okx: return "{\"arg\":{\"channel\":\"books\",\"instId\":\"BTC-USDT\"},\"action\":\"update\",\"data\":[{\"asks\":[["
        case .kraken: return "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":"
        }
    }

    // MARK: The market clock

    /// Advances every market by one step of the flow (`rate` order events per second over `seconds`) with the
    /// mids pulled towards `fair` (by canonical symbol, in price units), and sends the venue's diffs.
    public func step(fair: [String: Int64], rate: Double, seconds: Double) {
        let now = Self.milliseconds()
        for key in Array(markets.keys) {
            guard var entry = markets[key] else { continue }
            if !entry.market.isReplayed {
                let target = fair[entry.canonical] ?? entry.market.mid
                let arrivals = entry.market.poisson(rate * seconds)
                entry.market.step(arrivals: arrivals, fair: adjust(target, entry.market.instrument), now: now)
            }
            let (changes, _) = entry.market.drainChanges()
            let traded = entry.market.drainTraderTrades()
            markets[key] = entry
            if !traded.isEmpty { settle(traded, now: now) }
            guard !changes.isEmpty else { continue }
            publish(changes: coalesce(changes), key: key, now: now)
        }
        heartbeat(now: now)
    }

    /// Whether this venue shows `canonical` (`BTC/USDT`) from a recording.
    public func replays(_ canonical: String) -> Bool {
        markets.values.contains { $0.canonical == canonical && $0.market.isReplayed }
    }

    /// Applies recorded updates of `canonical`'s book, in order, and sends the venue's diffs (one batch).
    public func replay(_ canonical: String, steps: [[L2LevelDifference]], now: Int64) {
        guard let key = markets.first(where: { $0.value.canonical == canonical && $0.value.market.isReplayed })?.key else { return }
        for levels in steps { markets[key]?.market.replay(levels, now: now) }
        guard let drained = markets[key]?.market.drainChanges(), let traded = markets[key]?.market.drainTraderTrades() else { return }
        let changes = drained.changes
        if !traded.isEmpty { settle(traded, now: now) }
        if !changes.isEmpty { publish(changes: coalesce(changes), key: key, now: now) }
    }

    /// Rounds a fair value onto the venue's tick.
    private func adjust(_ value: Int64, _ instrument: Instrument) -> Int64 {
        value - value % instrument.tickSize.rawValue
    }

    /// The last change of each level, in first-touch order.
    func coalesce(_ changes: [LevelChange]) -> [LevelChange] {
        var position: [Int64: Int] = [:]
        var result: [LevelChange] = []
        for change in changes {
            let key = change.side == .buy ? change.price.rawValue : -change.price.rawValue - 1
            if let index = position[key] {
                result[index] = change
            } else {
                position[key] = result.count
                result.append(change)
            }
        }
        return result
    }

    static func milliseconds() -> Int64 { WallClock.nanoseconds() / 1_000_000 }
}
