import BourseCore
import ExchangeCore
import ExchangeService
import OrderBook

extension MarketDataHub {
    /// The rows one batch produced, grouped for sending.
    private struct Changes {
        /// Per market, the level changes in order as (action, row).
        var book: [String: [(String, BookRow)]] = [:]
        var trades: [String: [TradeRow]] = [:]
        var instruments: Set<String> = []
        var orders: [AccountID: [(String, OrderView)]] = [:]
        var balances: [AccountID: [BalanceRow]] = [:]
    }

    /// Applies one durable batch to the mirror and sends what changed.
    func apply(_ batch: EventBatch) {
        guard batch.sequence > lastSequence else { return }
        lastSequence = batch.sequence
        time = batch.time
        var changes = Changes()
        for event in batch.events {
            switch event {
            case .level(let symbol, let side, let price, let quantity):
                level(symbol, side, price, quantity, &changes)
            case .trade(let trade):
                record(trade, &changes)
            case .order(let order):
                if case .gtd(let at) = order.timeInForce, order.status.isOpen {
                    expiries[order.id] = at
                } else if !expiries.isEmpty {
                    expiries[order.id] = nil
                }
                guard privateSubscribers[order.account]?.isEmpty == false,
                    let instrument = catalog.cached(order.symbol)?.instrument
                else { continue }
                let fresh = order.createdAt == order.updatedAt && order.filled.rawValue == 0
                    && (order.status == .new || order.status == .untriggered)
                changes.orders[order.account, default: []].append((fresh ? "insert" : "update", OrderView(order, instrument)))
            case .balance(let account, let asset, let balance):
                guard privateSubscribers[account]?.isEmpty == false, let a = catalog.asset(asset) else { continue }
                changes.balances[account, default: []].append(
                    BalanceRow(
                        asset: asset, available: a.format(balance.available), onHold: a.format(balance.onHold),
                        total: a.format(balance.total)))
            }
        }
        publish(changes)
    }

    private func level(_ symbol: String, _ side: Side, _ price: Price, _ quantity: Quantity, _ changes: inout Changes) {
        let bestBefore = (books[symbol]?.bestBid?.price, books[symbol]?.bestAsk?.price)
        let previous = books[symbol, default: L2Book()].set(side, price: price, quantity: quantity)
        if previous != quantity { binance.record(symbol, side, price, quantity) }
        let book = books[symbol]!
        if bestBefore.0 != book.bestBid?.price || bestBefore.1 != book.bestAsk?.price {
            changes.instruments.insert(symbol)
        }
        guard subscribers[.book(symbol)]?.isEmpty == false, let instrument = catalog.cached(symbol)?.instrument
        else { return }
        let action: String
        switch (previous.rawValue > 0, quantity.rawValue > 0) {
        case (false, true): action = "insert"
        case (true, true): action = "update"
        case (true, false): action = "delete"
        case (false, false): return
        }
        let row = Self.bookRow(symbol, side, price, action == "delete" ? nil : quantity, instrument)
        changes.book[symbol, default: []].append((action, row))
    }

    private func record(_ trade: TradeRecord, _ changes: inout Changes) {
        let symbol = trade.symbol
        lastPrices[symbol] = trade.price
        trades[symbol, default: Ring(capacity: tradeHistory)].append(trade)
        changes.instruments.insert(symbol)
        guard let instrument = catalog.cached(symbol)?.instrument else { return }
        volumes[symbol, default: VolumeWindow()].add(
            time: trade.time, quantity: trade.quantity.rawValue,
            notional: trade.price.rawValue.multipliedReportingOverflow(by: trade.quantity.rawValue).partialValue)
        let feeScale = catalog.asset(trade.feeAsset)?.scale ?? 0
        fills[trade.makerAccount, default: Ring(capacity: fillHistory)].append(
            FillView(trade, maker: true, instrument, feeScale: feeScale))
        fills[trade.takerAccount, default: Ring(capacity: fillHistory)].append(
            FillView(trade, maker: false, instrument, feeScale: feeScale))
        if subscribers[.trade(symbol)]?.isEmpty == false {
            changes.trades[symbol, default: []].append(Self.tradeRow(trade, instrument))
        }
    }

    private func publish(_ changes: Changes) {
        for (symbol, rows) in changes.book {
            // Consecutive rows with the same action go in one message; the order of actions is kept (a level
            // deleted and re-inserted within one command must end up present).
            var start = 0
            while start < rows.count {
                var end = start + 1
                while end < rows.count && rows[end].0 == rows[start].0 { end += 1 }
                let message = TableMessage(
                    table: "orderBookL2", action: rows[start].0, data: rows[start..<end].map(\.1))
                send(JSONResponse.string(message), to: subscribers[.book(symbol)])
                start = end
            }
        }
        for (symbol, rows) in changes.trades {
            send(JSONResponse.string(TableMessage(table: "trade", action: "insert", data: rows)), to: subscribers[.trade(symbol)])
        }
        for symbol in changes.instruments where subscribers[.instrument(symbol)]?.isEmpty == false {
            guard let row = instrumentRow(symbol) else { continue }
            send(
                JSONResponse.string(TableMessage(table: "instrument", action: "update", data: [row])),
                to: subscribers[.instrument(symbol)])
        }
        for (account, rows) in changes.orders {
            let targets = privateSubscribers[account]?.filter { clients[$0]?.channels.contains(.order) == true }
            var start = 0
            while start < rows.count {
                var end = start + 1
                while end < rows.count && rows[end].0 == rows[start].0 { end += 1 }
                send(
                    JSONResponse.string(TableMessage(table: "order", action: rows[start].0, data: rows[start..<end].map(\.1))),
                    to: targets)
                start = end
            }
        }
        for (account, rows) in changes.balances {
            let targets = privateSubscribers[account]?.filter { clients[$0]?.channels.contains(.balance) == true }
            send(JSONResponse.string(TableMessage(table: "balance", action: "update", data: rows)), to: targets)
        }
    }

    // MARK: Partials

    /// Queues the `partial` of a public topic for one client (built from the mirror, so it is consistent with
    /// the updates that follow).
    func sendPartial(_ topic: Topic, to id: Int) {
        let text: String
        switch topic {
        case .book(let symbol):
            guard let instrument = catalog.cached(symbol)?.instrument else { return }
            let book = books[symbol] ?? L2Book()
            var rows: [BookRow] = []
            for level in book.levels(.sell).reversed() {
                rows.append(Self.bookRow(symbol, .sell, level.price, level.quantity, instrument))
            }
            for level in book.levels(.buy) {
                rows.append(Self.bookRow(symbol, .buy, level.price, level.quantity, instrument))
            }
            text = JSONResponse.string(
                TableMessage(
                    table: "orderBookL2", action: "partial", keys: ["symbol", "id", "side"],
                    filter: ["symbol": symbol], data: rows))
        case .trade(let symbol):
            guard let instrument = catalog.cached(symbol)?.instrument else { return }
            let rows = (trades[symbol]?.newest(100) ?? []).reversed().map { Self.tradeRow($0, instrument) }
            text = JSONResponse.string(
                TableMessage(table: "trade", action: "partial", keys: [], filter: ["symbol": symbol], data: rows))
        case .instrument(let symbol):
            guard let row = instrumentRow(symbol) else { return }
            text = JSONResponse.string(
                TableMessage(table: "instrument", action: "partial", keys: ["symbol"], filter: ["symbol": symbol], data: [row]))
        }
        send(text, to: id)
    }

    /// Subscribes an authenticated client to a private channel: reads the account's current orders or
    /// balances (at a sequence at least the hub's, re-reading if the hub moved on meanwhile), queues the
    /// `partial` and registers the client with no suspension in between.
    /// - Returns: `nil` on success, else the reason.
    func subscribePrivate(_ id: Int, _ channel: PrivateChannel) async -> APIError? {
        await ready()
        guard let account = clients[id]?.account else {
            return APIError.unauthorized("not_authenticated", "authenticate first (op authKey or authToken)")
        }
        guard clients[id]?.channels.contains(channel) == false else {
            return APIError(.conflict, "already_subscribed", "already subscribed to \(channel.rawValue)")
        }
        var text = ""
        var sequence: UInt64 = 0
        repeat {
            switch channel {
            case .order:
                let orders = await sequencer.read { state in
                    (state.sequence, state.openOrderIDs(account).compactMap { state.orders[$0] })
                }
                sequence = orders.0
                let rows = orders.1.compactMap { r in catalog.cached(r.symbol).map { OrderView(r, $0.instrument) } }
                text = JSONResponse.string(
                    TableMessage(table: "order", action: "partial", keys: ["id"], filter: ["account": String(account.rawValue)], data: rows))
            case .balance:
                let balances = await sequencer.read { state in
                    (state.sequence, state.ledger.assets, state.ledger.balances(account))
                }
                sequence = balances.0
                var rows: [BalanceRow] = []
                for (i, asset) in balances.1.enumerated() {
                    let b = i < balances.2.count ? balances.2[i] : .zero
                    rows.append(
                        BalanceRow(
                            asset: asset.symbol, available: asset.format(b.available), onHold: asset.format(b.onHold),
                            total: asset.format(b.total)))
                }
                text = JSONResponse.string(
                    TableMessage(table: "balance", action: "partial", keys: ["asset"], filter: ["account": String(account.rawValue)], data: rows))
            }
        } while sequence < lastSequence
        guard var client = clients[id], client.account == account else {
            return APIError.unauthorized("not_authenticated", "authenticate first")
        }
        client.channels.insert(channel)
        clients[id] = client
        privateSubscribers[account, default: []].insert(id)
        send(text, to: id)
        return nil
    }

    func unsubscribePrivate(_ id: Int, _ channel: PrivateChannel) -> Bool {
        guard var client = clients[id], client.channels.remove(channel) != nil else { return false }
        clients[id] = client
        if client.channels.isEmpty, let account = client.account { privateSubscribers[account]?.remove(id) }
        return true
    }

    // MARK: Rows

    static func bookRow(_ symbol: String, _ side: Side, _ price: Price, _ quantity: Quantity?, _ instrument: Instrument)
        -> BookRow
    {
        BookRow(
            symbol: symbol, id: price.rawValue / instrument.tickSize.rawValue, side: side == .buy ? "Buy" : "Sell",
            size: quantity.map { instrument.format($0) }, price: instrument.format(price))
    }

    static func tradeRow(_ trade: TradeRecord, _ instrument: Instrument) -> TradeRow {
        TradeRow(
            timestamp: Timestamp.iso(trade.time), symbol: trade.symbol, side: trade.aggressor == .buy ? "Buy" : "Sell",
            size: instrument.format(trade.quantity), price: instrument.format(trade.price), trdMatchID: String(trade.id))
    }

    /// The current `instrument` row of a market.
    func instrumentRow(_ symbol: String) -> InstrumentRow? {
        guard let instrument = catalog.cached(symbol)?.instrument else { return nil }
        let book = books[symbol]
        let totals = volumes[symbol]?.totals(now: time) ?? (0, 0)
        return InstrumentRow(
            symbol: symbol, lastPrice: lastPrices[symbol].map { instrument.format($0) },
            bidPrice: book?.bestBid.map { instrument.format($0.price) },
            askPrice: book?.bestAsk.map { instrument.format($0.price) },
            volume24h: FixedPoint.format(totals.0, scale: instrument.sizeScale),
            turnover24h: FixedPoint.format(totals.1, scale: instrument.notionalScale),
            tickSize: instrument.format(instrument.tickSize), lotSize: instrument.format(instrument.lotSize),
            timestamp: Timestamp.iso(time))
    }
}
