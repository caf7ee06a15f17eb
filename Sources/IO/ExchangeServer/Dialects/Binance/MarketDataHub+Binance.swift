import BourseCore
import ExchangeCore
import ExchangeService
import OrderBook

extension MarketDataHub {
    /// Registers a Binance socket client (`combined`: it gets the `{"stream","data"}` envelope).
    func binanceConnect(queueLimit: Int, combined: Bool) -> RealtimeConnection {
        let connection = connect(queueLimit: queueLimit)
        binance.clients[connection.id] = BinanceDepthFeed.Client(combined: combined)
        return connection
    }

    /// Queues `reply`, then subscribes the client to `streams` (name as the client spelled it), with no
    /// suspension in between: every event after the reply continues where a snapshot read after it ends.
    func binanceSubscribe(_ id: Int, _ streams: [(BinanceDepthFeed.Stream, String)], reply: String?) async {
        await ready()
        if let reply { send(reply, to: id) }
        guard var client = binance.clients[id] else { return }
        for (stream, name) in streams {
            client.streams[stream] = name
            binance.subscribers[stream, default: []].insert(id)
        }
        binance.clients[id] = client
    }

    /// Unsubscribes streams, then queues `reply`.
    func binanceUnsubscribe(_ id: Int, _ streams: [BinanceDepthFeed.Stream], reply: String) {
        if var client = binance.clients[id] {
            for stream in streams {
                client.streams[stream] = nil
                binance.subscribers[stream]?.remove(id)
            }
            binance.clients[id] = client
        }
        send(reply, to: id)
    }

    /// The stream names a client follows.
    func binanceSubscriptions(_ id: Int) -> [String] { (binance.clients[id]?.streams.values).map { $0.sorted() } ?? [] }

    /// The top `limit` levels per side of a market's mirror and the id of the last level change they include.
    func binanceDepth(_ symbol: String, limit: Int) async -> (UInt64, [L2Level], [L2Level]) {
        await ready()
        let book = books[symbol] ?? L2Book()
        return (binance.updateIDs[symbol] ?? 0, book.top(.buy, limit), book.top(.sell, limit))
    }

    /// The trades in which `order` was the taker, oldest first, once the mirror has applied every command up to
    /// `sequence` (the reply to a command can arrive before the hub has its events; waits at most about a
    /// second, then answers from what it has). Only the last `tradeHistory` trades of the market are searched.
    func binanceTakerTrades(_ order: OrderID, symbol: String, through sequence: UInt64) async -> [TradeRecord] {
        var waited = 0
        while lastSequence < sequence && waited < 500 {
            do { try await Task.sleep(for: .milliseconds(2)) } catch { break }
            waited += 1
        }
        let recent = trades[symbol]?.newest(tradeHistory) ?? []
        return recent.filter { $0.takerOrderID == order }.reversed()
    }

    /// Sends the due events: every 100 ms tick for `@depth@100ms`, every tenth for `@depth`.
    func binanceTick(now: Int64) {
        binance.ticks += 1
        for (stream, p) in binance.pending where binance.ticks % stream.speed.ticks == 0 {
            binance.pending[stream] = nil
            guard let ids = binance.subscribers[stream], !ids.isEmpty,
                let instrument = catalog.cached(stream.symbol)?.instrument
            else { continue }
            let event = BinanceDepthEvent(
                E: now, s: InstrumentCatalog.binanceSymbol(instrument), U: p.first, u: p.last,
                b: p.bids.sorted { $0.key > $1.key }.map { [instrument.format($0.key), instrument.format($0.value)] },
                a: p.asks.sorted { $0.key < $1.key }.map { [instrument.format($0.key), instrument.format($0.value)] })
            let raw = JSONResponse.string(event)
            for id in ids {
                guard let client = binance.clients[id] else { continue }
                if client.combined, let name = client.streams[stream] {
                    send(#"{"stream":"\#(name)","data":\#(raw)}"#, to: id)
                } else {
                    send(raw, to: id)
                }
            }
        }
    }

    /// Runs ``binanceTick(now:)`` every 100 ms until cancelled.
    nonisolated func runBinanceTicks() async {
        while !Task.isCancelled {
            do { try await Task.sleep(for: .milliseconds(100)) } catch { return }
            await binanceTick(now: ExchangeSequencer.wallClockMilliseconds())
        }
    }
}
