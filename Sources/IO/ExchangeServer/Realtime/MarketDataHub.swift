import BourseCore
import ExchangeCore
import ExchangeService
import OrderBook

/// The one consumer of the sequencer's event stream on the server side: it mirrors the books, keeps recent
/// trades, fills and 24-hour volumes, and fans every durable change out to the WebSocket clients.
///
/// Consistency: the mirror starts from a snapshot read after subscribing, and batches up to the snapshot's
/// sequence are skipped, so the mirror equals the exchange's book as of the last published batch. A socket's
/// `partial` is built from the mirror inside the actor and the client is registered in the same step, so the
/// updates that follow continue exactly where the partial ends. If the hub itself falls too far behind, the
/// sequencer ends its stream; the hub then resubscribes, re-reads the snapshot and sends every book subscriber a
/// fresh `partial`.
///
/// The hub never waits for a client (see ``RealtimeConnection``).
actor MarketDataHub {
    enum Topic: Hashable, Sendable {
        case book(String)
        case trade(String)
        case instrument(String)

        var table: String {
            switch self {
            case .book: return "orderBookL2"
            case .trade: return "trade"
            case .instrument: return "instrument"
            }
        }
    }

    enum PrivateChannel: String, Sendable {
        case order
        case balance
    }

    struct Client {
        let connection: RealtimeConnection
        var account: AccountID?
        var topics: Set<Topic> = []
        var channels: Set<PrivateChannel> = []
    }

    let sequencer: ExchangeSequencer
    let catalog: InstrumentCatalog
    let tradeHistory: Int
    let fillHistory: Int

    var books: [String: L2Book] = [:]
    var lastPrices: [String: Price] = [:]
    var trades: [String: Ring<TradeRecord>] = [:]
    var fills: [AccountID: Ring<FillView>] = [:]
    var volumes: [String: VolumeWindow] = [:]
    var clients: [Int: Client] = [:]
    var subscribers: [Topic: Set<Int>] = [:]
    var privateSubscribers: [AccountID: Set<Int>] = [:]
    /// Expiry times of open good-till-date orders (for ``nextExpiry``).
    var expiries: [OrderID: Int64] = [:]
    var lastSequence: UInt64 = 0
    var time: Int64 = 0
    /// Book update ids and subscribers of the Binance diff depth streams (see ``BinanceDepthFeed``).
    var binance = BinanceDepthFeed()
    private var nextClient = 1
    private var synced = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    init(sequencer: ExchangeSequencer, catalog: InstrumentCatalog, tradeHistory: Int, fillHistory: Int) {
        self.sequencer = sequencer
        self.catalog = catalog
        self.tradeHistory = tradeHistory
        self.fillHistory = fillHistory
    }

    // MARK: Running

    /// Follows the event stream until the task is cancelled, resubscribing if the stream ends early.
    func run() async {
        while !Task.isCancelled {
            let stream = await sequencer.subscribe(bufferSize: 65_536)
            await resync()
            for await batch in stream {
                apply(batch)
            }
        }
        for client in clients.values { client.connection.finish() }
        clients.removeAll()
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
    }

    /// Waits until the mirror has its first snapshot.
    func ready() async {
        if synced { return }
        await withCheckedContinuation { waiters.append($0) }
    }

    private func resync() async {
        await catalog.refresh()
        let snapshot = await sequencer.read { state in
            let markets = state.symbols.map { symbol in
                (symbol, state.book(symbol, side: .buy), state.book(symbol, side: .sell), state.lastPrice(symbol))
            }
            var expiries: [OrderID: Int64] = [:]
            state.orders.forEach { order in
                if order.status.isOpen, case .gtd(let at) = order.timeInForce { expiries[order.id] = at }
            }
            return (
                state.sequence, state.time,
                markets.map { MarketSnapshot(symbol: $0.0, bids: $0.1, asks: $0.2, last: $0.3) }, expiries
            )
        }
        expiries = snapshot.3
        if synced {
            // Changes between the old mirror and the new one were never numbered: make Binance clients resync.
            binance.pending.removeAll()
            binance.breakContinuity()
        }
        lastSequence = snapshot.0
        time = snapshot.1
        books.removeAll()
        for market in snapshot.2 {
            var book = L2Book()
            for level in market.bids { book.set(.buy, price: level.price, quantity: level.quantity) }
            for level in market.asks { book.set(.sell, price: level.price, quantity: level.quantity) }
            books[market.symbol] = book
            lastPrices[market.symbol] = market.last
        }
        if synced {
            for (topic, ids) in subscribers {
                guard case .book = topic else { continue }
                for id in ids { sendPartial(topic, to: id) }
            }
        }
        synced = true
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
    }

    struct MarketSnapshot: Sendable {
        var symbol: String
        var bids: [(price: Price, quantity: Quantity)]
        var asks: [(price: Price, quantity: Quantity)]
        var last: Price?
    }

    // MARK: Clients

    /// Registers a new socket client.
    func connect(queueLimit: Int) -> RealtimeConnection {
        let connection = RealtimeConnection(id: nextClient, queueLimit: queueLimit)
        nextClient += 1
        clients[connection.id] = Client(connection: connection)
        return connection
    }

    /// Forgets a client (its socket closed or it was too slow).
    func disconnect(_ id: Int) {
        guard let client = clients.removeValue(forKey: id) else { return }
        client.connection.finish()
        binance.remove(id)
        for topic in client.topics { subscribers[topic]?.remove(id) }
        if let account = client.account { privateSubscribers[account]?.remove(id) }
    }

    /// Marks a client as authenticated for `account` (private channels become available).
    func authenticate(_ id: Int, account: AccountID) {
        guard var client = clients[id] else { return }
        if let old = client.account, old != account {
            privateSubscribers[old]?.remove(id)
            client.channels.removeAll()
        }
        client.account = account
        clients[id] = client
    }

    func account(of id: Int) -> AccountID? { clients[id]?.account }

    /// Subscribes a client to a public topic and queues its `partial`.
    /// - Returns: `false` when the client was already subscribed.
    func subscribe(_ id: Int, to topic: Topic) async -> Bool {
        await ready()
        guard var client = clients[id], !client.topics.contains(topic) else { return false }
        client.topics.insert(topic)
        clients[id] = client
        subscribers[topic, default: []].insert(id)
        sendPartial(topic, to: id)
        return true
    }

    /// - Returns: `false` when the client was not subscribed.
    func unsubscribe(_ id: Int, from topic: Topic) -> Bool {
        guard var client = clients[id], client.topics.remove(topic) != nil else { return false }
        clients[id] = client
        subscribers[topic]?.remove(id)
        return true
    }

    /// Sends a frame to one client, disconnecting it if it is too slow.
    func send(_ text: String, to id: Int) {
        guard let client = clients[id] else { return }
        if !client.connection.send(text) { disconnect(id) }
    }

    func send(_ text: String, to ids: Set<Int>?) {
        guard let ids else { return }
        for id in ids { send(text, to: id) }
    }

    // MARK: Queries for REST

    /// The newest trades of a market, newest first.
    func recentTrades(_ symbol: String, limit: Int) -> [TradeRecord] {
        trades[symbol]?.newest(limit) ?? []
    }

    /// The earliest expiry time of an open good-till-date order, if any.
    func nextExpiry() -> Int64? { expiries.values.min() }

    /// The newest fills of an account since the server started, newest first.
    func recentFills(_ account: AccountID, limit: Int) -> [FillView] {
        fills[account]?.newest(limit) ?? []
    }
}
