import BourseCore
import MarketData
import OrderBook

/// The venues' wire formats: diffs, in-band snapshots, REST snapshots and subscription handling.
extension SimulatedVenue {
    func price(_ value: Price, _ instrument: Instrument) -> String {
        FixedPoint.format(value.rawValue, scale: instrument.priceScale, minimumFractionDigits: instrument.priceScale)
    }

    func size(_ value: Quantity, _ instrument: Instrument) -> String {
        FixedPoint.format(value.rawValue, scale: instrument.sizeScale, minimumFractionDigits: instrument.sizeScale)
    }

    func pairs(_ levels: [L2Level], _ instrument: Instrument) -> String {
        "[" + levels.map { "[\"\(price($0.price, instrument))\",\"\(size($0.quantity, instrument))\"]" }
            .joined(separator: ",") + "]"
    }

    /// Sends one coalesced batch of level changes in the venue's format.
    func publish(changes: [LevelChange], key: String, now: Int64) {
        guard var entry = markets[key] else { return }
        defer { markets[key] = entry }
        let instrument = entry.market.instrument
        var dropOne = false
        if entry.skipNext {
            entry.skipNext = false
            switch kind {
            case .binance, .binanceFutures: entry.updateID += 1
            case .bitmex: broadcast(bitmexUnknownDelete(entry), symbol: entry.name)
            case .okx: entry.seqID += 1
            case .coinbase, .bitstamp, .kraken: dropOne = true
            }
        }
        let bids = changes.filter { $0.side == .buy }.map { L2Level(price: $0.price, quantity: $0.quantity) }
        let asks = changes.filter { $0.side == .sell }.map { L2Level(price: $0.price, quantity: $0.quantity) }
        switch kind {
        case .binance, .binanceFutures:
            // Futures: `pu` is the previous event's `u` (after a skipped event, not the client's last one), and
            // the next event's `U` lies a few ids further (other symbols' updates in between), so only the
            // `pu` rule tells a gap from the usual jump.
            let previous = entry.updateID
            let first = entry.updateID + (kind == .binanceFutures ? Self.futuresIDJump : 1)
            entry.updateID = first + Int64(changes.count) - 1
            guard !dropOne else { return }
            let futures = kind == .binanceFutures ? "\"T\":\(now),\"pu\":\(previous)," : ""
            let event = "{\"e\":\"depthUpdate\",\"E\":\(now),\(futures)\"s\":\"\(entry.name)\",\"U\":\(first),\"u\":\(entry.updateID),"
                + "\"b\":\(pairs(bids, instrument)),\"a\":\(pairs(asks, instrument))}"
            for (id, subscriber) in subscribers where subscriber.symbols.contains(entry.name) {
                if subscriber.combined, let stream = subscriber.streamNames[entry.name] {
                    send("{\"stream\":\"\(stream)\",\"data\":\(event)}", to: id)
                } else {
                    send(event, to: id)
                }
            }
        case .coinbase:
            let rows = changes.map {
                "[\"\($0.side == .buy ? "buy" : "sell")\",\"\(price($0.price, instrument))\",\"\(size($0.quantity, instrument))\"]"
            }
            let legacy = "{\"type\":\"l2update\",\"product_id\":\"\(entry.name)\",\"changes\":[\(rows.joined(separator: ","))],"
                + "\"time\":\"\(Timestamp.iso(now))\"}"
            let event = advancedEvent(entry, type: "update", changes: changes, time: Timestamp.iso(now))
            for (id, subscriber) in subscribers where subscriber.symbols.contains(entry.name) {
                if subscriber.advanced {
                    // A skipped message still uses up its sequence number: Advanced Trade clients see the gap.
                    if dropOne { subscribers[id]?.sequenceNum += 1 } else { sendAdvanced(id, channel: "l2_data", events: event) }
                } else if !dropOne {
                    send(legacy, to: id)
                }
            }
        case .bitstamp:
            entry.microtimestamp = max(entry.microtimestamp + 1, now * 1_000)
            guard !dropOne else { return }
            let diff = "{\"data\":{\"timestamp\":\"\(now / 1_000)\",\"microtimestamp\":\"\(entry.microtimestamp)\","
                + "\"bids\":\(pairs(bids, instrument)),\"asks\":\(pairs(asks, instrument))},"
                + "\"channel\":\"diff_order_book_\(entry.name)\",\"event\":\"data\"}"
            var top: String?
            for (id, subscriber) in subscribers where subscriber.symbols.contains(entry.name) {
                if subscriber.topBook.contains(entry.name) {
                    top = top ?? bitstampTop(entry, book: entry.market.book, now: now)
                    send(top ?? "", to: id)
                } else {
                    send(diff, to: id)
                }
            }
        case .okx:
            // OKX's `books` channel is a 400-level window: the update carries what changed in it, levels that
            // entered it from below and removals of levels that left it, so a client's book is the window.
            let window = Self.okxWindow(entry.market.book)
            let moved = entry.okxWindow.difference(to: window)
            entry.okxWindow = window
            guard !moved.isEmpty else { return }
            let previous = entry.seqID
            entry.seqID += 1
            guard !dropOne else { return }
            let level = { (change: L2LevelDifference) in L2Level(price: change.price, quantity: change.quantity) }
            broadcast(okxMessage(entry, action: "update", bids: moved.filter { $0.side == .buy }.map(level),
                                 asks: moved.filter { $0.side == .sell }.map(level), book: entry.market.book,
                                 previous: previous, now: now), symbol: entry.name)
        case .kraken:
            if let update = krakenUpdate(&entry, now: now), !dropOne { broadcast(update, symbol: entry.name) }
        case .bitmex:
            // One action per message, deletes first (a price can change side within one batch).
            let time = Timestamp.iso(now)
            let deletes = changes.filter { $0.quantity.rawValue == 0 && entry.bitmexKnown.contains(Self.bitmexKey($0)) }
            let rest = changes.filter { $0.quantity.rawValue != 0 }
            if !deletes.isEmpty {
                broadcast(bitmexMessage("delete", deletes.map { bitmexRow(entry, $0, price: false, size: false, time: nil) }), symbol: entry.name)
            }
            for change in deletes { entry.bitmexKnown.remove(Self.bitmexKey(change)) }
            var inserts: [String] = []
            var updates: [String] = []
            for change in rest {
                if entry.bitmexKnown.contains(Self.bitmexKey(change)) {
                    updates.append(bitmexRow(entry, change, price: false, size: true, time: time))
                } else {
                    entry.bitmexKnown.insert(Self.bitmexKey(change))
                    inserts.append(bitmexRow(entry, change, price: true, size: true, time: time))
                }
            }
            if !updates.isEmpty { broadcast(bitmexMessage("update", updates), symbol: entry.name) }
            if !inserts.isEmpty { broadcast(bitmexMessage("insert", inserts), symbol: entry.name) }
        }
    }

    /// A Coinbase Advanced Trade `level2` event: `{"type":..,"product_id":..,"updates":[{side, event_time,
    /// price_level, new_quantity}]}`.
    func advancedEvent(_ entry: Market, type: String, changes: [LevelChange], time: String) -> String {
        let instrument = entry.market.instrument
        let rows = changes.map {
            "{\"side\":\"\($0.side == .buy ? "bid" : "offer")\",\"event_time\":\"\(time)\",\"price_level\":\""
                + FixedPoint.format($0.price.rawValue, scale: instrument.priceScale) + "\",\"new_quantity\":\""
                + FixedPoint.format($0.quantity.rawValue, scale: instrument.sizeScale) + "\"}"
        }
        return "{\"type\":\"\(type)\",\"product_id\":\"\(entry.name)\",\"updates\":[\(rows.joined(separator: ","))]}"
    }

    /// Sends an Advanced Trade envelope with the connection's next `sequence_num`.
    func sendAdvanced(_ id: Int, channel: String, events: String) {
        guard let sequence = subscribers[id]?.sequenceNum else { return }
        subscribers[id]?.sequenceNum = sequence + 1
        send("{\"channel\":\"\(channel)\",\"client_id\":\"\",\"timestamp\":\"\(Timestamp.iso(Self.milliseconds()))\","
             + "\"sequence_num\":\(sequence),\"events\":[\(events)]}", to: id)
    }

    /// A Bitstamp `order_book_<pair>` event: the top 100 levels a side.
    func bitstampTop(_ entry: Market, book: L2Book, now: Int64) -> String {
        let instrument = entry.market.instrument
        return "{\"data\":{\"timestamp\":\"\(now / 1_000)\",\"microtimestamp\":\"\(max(entry.microtimestamp, now * 1_000))\","
            + "\"bids\":\(pairs(book.top(.buy, 100), instrument)),\"asks\":\(pairs(book.top(.sell, 100), instrument))},"
            + "\"channel\":\"order_book_\(entry.name)\",\"event\":\"data\"}"
    }

    /// Coinbase heartbeats (one per second per product followed; Advanced Trade: one per second per socket).
    func heartbeat(now: Int64) {
        guard kind == .coinbase else { return }
        if now / 1_000 > lastAdvancedHeartbeat {
            lastAdvancedHeartbeat = now / 1_000
            for (id, subscriber) in subscribers where subscriber.advanced && subscriber.heartbeats {
                sendAdvanced(id, channel: "heartbeats", events: "{\"current_time\":\"\(Timestamp.iso(now))\",\"heartbeat_counter\":\(lastAdvancedHeartbeat)}")
            }
        }
        for key in Array(markets.keys) {
            guard var entry = markets[key], now / 1_000 > entry.sequence else { continue }
            entry.sequence = now / 1_000
            markets[key] = entry
            broadcast(
                "{\"type\":\"heartbeat\",\"last_trade_id\":0,\"product_id\":\"\(entry.name)\",\"sequence\":\(entry.sequence),"
                    + "\"time\":\"\(Timestamp.iso(now))\"}", symbol: entry.name)
        }
    }

    // MARK: OKX

    /// Levels a side in OKX's `books` snapshot and window.
    static let okxDepth = 400

    /// The top ``okxDepth`` levels a side.
    static func okxWindow(_ book: L2Book) -> L2Book {
        book.truncated(to: okxDepth)
    }

    /// OKX's level text: `["price","size","0","orders"]` (canonical decimals, as OKX prints them).
    func okxLevels(_ levels: [L2Level], _ instrument: Instrument) -> String {
        "[" + levels.map {
            "[\"\(FixedPoint.format($0.price.rawValue, scale: instrument.priceScale))\",\"\(FixedPoint.format($0.quantity.rawValue, scale: instrument.sizeScale))\",\"0\",\"1\"]"
        }.joined(separator: ",") + "]"
    }

    /// OKX's checksum: signed CRC32 of the top 25 bids and asks interleaved as `bidP:bidS:askP:askS:...`.
    func okxChecksum(_ book: L2Book, _ instrument: Instrument) -> Int32 {
        let bids = book.top(.buy, 25)
        let asks = book.top(.sell, 25)
        var parts: [String] = []
        for i in 0..<max(bids.count, asks.count) {
            for side in [bids, asks] where i < side.count {
                parts.append(FixedPoint.format(side[i].price.rawValue, scale: instrument.priceScale))
                parts.append(FixedPoint.format(side[i].quantity.rawValue, scale: instrument.sizeScale))
            }
        }
        return Int32(bitPattern: CRC32.checksum(Array(parts.joined(separator: ":").utf8)))
    }

    func okxMessage(
        _ entry: Market, action: String, bids: [L2Level], asks: [L2Level], book: L2Book, previous: Int64, now: Int64
    ) -> String {
        let instrument = entry.market.instrument
        return "{\"arg\":{\"channel\":\"books\",\"instId\":\"\(entry.name)\"},\"action\":\"\(action)\",\"data\":[{"
            + "\"asks\":\(okxLevels(asks, instrument)),\"bids\":\(okxLevels(bids, instrument)),\"ts\":\"\(now)\","
            + "\"checksum\":\(okxChecksum(book, instrument)),\"prevSeqId\":\(previous),\"seqId\":\(entry.seqID)}]}"
    }

    // MARK: BitMEX rows

    /// BitMEX's row id: stable per price (lower prices, higher ids, as BitMEX numbers them).
    func bitmexID(_ price: Price, _ instrument: Instrument) -> Int64 {
        8_800_000_000_000 - price.rawValue / instrument.tickSize.rawValue
    }

    /// A level's key in the set of rows on the wire (side and price).
    static func bitmexKey(_ change: LevelChange) -> Int64 {
        change.side == .buy ? change.price.rawValue : -change.price.rawValue - 1
    }

    func bitmexRow(_ entry: Market, _ change: LevelChange, price withPrice: Bool, size withSize: Bool, time: String?) -> String {
        let instrument = entry.market.instrument
        var row = "{\"symbol\":\"\(entry.name)\",\"id\":\(bitmexID(change.price, instrument)),\"side\":\"\(change.side == .buy ? "Buy" : "Sell")\""
        if withSize { row += ",\"size\":\(change.quantity.rawValue)" }
        if withPrice { row += ",\"price\":\(price(change.price, instrument))" }
        if let time { row += ",\"timestamp\":\"\(time)\"" }
        return row + "}"
    }

    func bitmexMessage(_ action: String, _ rows: [String]) -> String {
        "{\"table\":\"orderBookL2\",\"action\":\"\(action)\",\"data\":[\(rows.joined(separator: ","))]}"
    }

    func bitmexUnknownDelete(_ entry: Market) -> String {
        bitmexMessage("delete", ["{\"symbol\":\"\(entry.name)\",\"id\":1,\"side\":\"Buy\"}"])
    }

    // MARK: Snapshots

    /// The book as the next snapshot shows it: crossed once after a `crossedSnapshot` fault.
    func snapshotBook(_ key: String) -> L2Book? {
        guard let entry = markets[key] else { return nil }
        var book = entry.market.book
        if entry.crossedNext, let ask = book.bestAsk {
            markets[key]?.crossedNext = false
            book.set(.buy, price: Price(ask.price.rawValue + entry.market.instrument.tickSize.rawValue * 3), quantity: ask.quantity)
        }
        return book
    }

    /// How far a futures event's first id lies beyond the previous event's last one.
    static let futuresIDJump: Int64 = 5

    /// `GET /api/v3/depth` (Binance spot) or `GET /fapi/v1/depth` (USD-M futures, with `E` and `T`).
    public func binanceDepth(symbol: String, limit: Int) -> String? {
        let key = Self.key(symbol)
        guard let book = snapshotBook(key), let entry = markets[key] else { return nil }
        let instrument = entry.market.instrument
        let now = Self.milliseconds()
        let times = kind == .binanceFutures ? "\"E\":\(now),\"T\":\(now)," : ""
        // Futures: the snapshot's id is the next event's first id (the ids in between are other symbols'), so
        // that event satisfies `U <= lastUpdateId <= u` as Binance's procedure requires of the first one applied.
        let lastUpdateID = entry.updateID + (kind == .binanceFutures ? Self.futuresIDJump : 0)
        return "{\"lastUpdateId\":\(lastUpdateID),\(times)\"bids\":\(pairs(book.top(.buy, limit), instrument)),"
            + "\"asks\":\(pairs(book.top(.sell, limit), instrument))}"
    }

    /// `GET /api/v2/order_book/<pair>` (Bitstamp).
    public func bitstampOrderBook(pair: String) -> String? {
        let key = Self.key(pair)
        guard let book = snapshotBook(key), let entry = markets[key] else { return nil }
        let instrument = entry.market.instrument
        let micro = entry.microtimestamp
        return "{\"timestamp\":\"\(micro / 1_000_000)\",\"microtimestamp\":\"\(micro)\","
            + "\"bids\":\(pairs(book.top(.buy, 5_000), instrument)),\"asks\":\(pairs(book.top(.sell, 5_000), instrument))}"
    }

    // MARK: Subscriptions

    /// Follows Binance streams named in the URL (`/ws/<stream>`, `/stream?streams=a/b`).
    public func binanceFollow(_ id: Int, streams: [String], combined: Bool) {
        guard var subscriber = subscribers[id] else { return }
        subscriber.combined = combined
        for stream in streams {
            let parts = stream.split(separator: "@")
            guard parts.count >= 2, parts[1] == "depth", let entry = markets[Self.key(String(parts[0]))] else { continue }
            subscriber.symbols.insert(entry.name)
            subscriber.streamNames[entry.name] = stream
        }
        subscribers[id] = subscriber
    }

    /// Handles a client frame; answers in the venue's way (acks, in-band snapshots, errors).
    public func handleClientFrame(_ id: Int, _ text: String) {
        switch kind {
        case .binance, .binanceFutures:
            // `{"method":"SUBSCRIBE","params":["btcusdt@depth@100ms"],"id":1}`
            let streams = Self.strings(after: "\"params\"", in: text)
            if text.contains("\"SUBSCRIBE\"") {
                binanceFollow(id, streams: streams, combined: subscribers[id]?.combined ?? false)
            }
            let requestID = Self.number(after: "\"id\"", in: text) ?? "null"
            send("{\"result\":null,\"id\":\(requestID)}", to: id)
        case .coinbase:
            guard text.contains("\"subscribe\"") else { return }
            if let channel = Self.strings(after: "\"channel\"", in: text).first {
                return advancedSubscribe(id, channel: channel, products: Self.strings(after: "\"product_ids\"", in: text))
            }
            let products = Self.strings(after: "\"product_ids\"", in: text)
            let channels = Self.strings(after: "\"channels\"", in: text)
            send("{\"type\":\"subscriptions\",\"channels\":[" + channels.map { "{\"name\":\"\($0)\",\"product_ids\":[\"" + products.joined(separator: "\",\"") + "\"]}" }.joined(separator: ",") + "]}", to: id)
            for product in products {
                guard let book = snapshotBook(Self.key(product)), let entry = markets[Self.key(product)] else {
                    send("{\"type\":\"error\",\"message\":\"Failed to subscribe\",\"reason\":\"\(product) is not a valid product\"}", to: id)
                    continue
                }
                let instrument = entry.market.instrument
                subscribers[id]?.symbols.insert(entry.name)
                send("{\"type\":\"snapshot\",\"product_id\":\"\(entry.name)\",\"bids\":\(pairs(book.top(.buy, 5_000), instrument)),"
                     + "\"asks\":\(pairs(book.top(.sell, 5_000), instrument))}", to: id)
            }
        case .bitstamp:
            if text.contains("\"bts:heartbeat\"") {
                send("{\"event\":\"bts:heartbeat\",\"channel\":\"\",\"data\":{\"status\":\"success\"}}", to: id)
                return
            }
            guard text.contains("\"bts:subscribe\""), let channel = Self.strings(after: "\"channel\"", in: text).first else { return }
            if channel.hasPrefix("order_book_"), let entry = markets[Self.key(String(channel.dropFirst("order_book_".count)))] {
                subscribers[id]?.symbols.insert(entry.name)
                subscribers[id]?.topBook.insert(entry.name)
                send("{\"event\":\"bts:subscription_succeeded\",\"channel\":\"\(channel)\",\"data\":{}}", to: id)
                let book = snapshotBook(Self.key(entry.name)) ?? entry.market.book
                return send(bitstampTop(entry, book: book, now: Self.milliseconds()), to: id)
            }
            let prefix = "diff_order_book_"
            guard channel.hasPrefix(prefix), let entry = markets[Self.key(String(channel.dropFirst(prefix.count)))] else {
                send("{\"event\":\"bts:error\",\"channel\":\"\(channel)\",\"data\":{\"code\":null,\"message\":\"Bad subscription string.\"}}", to: id)
                return
            }
            subscribers[id]?.symbols.insert(entry.name)
            send("{\"event\":\"bts:subscription_succeeded\",\"channel\":\"\(channel)\",\"data\":{}}", to: id)
        case .kraken:
            krakenClientFrame(id, text)
        case .okx:
            if text == "ping" { return send("pong", to: id) }
            guard text.contains("\"subscribe\""), let instrument = Self.strings(after: "\"instId\"", in: text).first else { return }
            guard text.contains("\"books\""), let entry = markets[Self.key(instrument)], let book = snapshotBook(Self.key(instrument)) else {
                send("{\"event\":\"error\",\"code\":\"60018\",\"msg\":\"Wrong URL or channel:books,instId:\(instrument) doesn't exist.\"}", to: id)
                return
            }
            send("{\"event\":\"subscribe\",\"arg\":{\"channel\":\"books\",\"instId\":\"\(entry.name)\"},\"connId\":\"\(id)\"}", to: id)
            subscribers[id]?.symbols.insert(entry.name)
            send(okxMessage(entry, action: "snapshot", bids: book.top(.buy, Self.okxDepth), asks: book.top(.sell, Self.okxDepth), book: book,
                            previous: -1, now: Self.milliseconds()), to: id)
        case .bitmex:
            guard text.contains("\"subscribe\"") else {
                if text == "ping" { send("pong", to: id) }
                return
            }
            for topic in Self.strings(after: "\"args\"", in: text) {
                let parts = topic.split(separator: ":")
                guard parts.count == 2, parts[0] == "orderBookL2", let entry = markets[Self.key(String(parts[1]))] else {
                    send("{\"status\":400,\"error\":\"Unknown or unavailable table: \(topic)\",\"request\":\(text)}", to: id)
                    continue
                }
                send("{\"success\":true,\"subscribe\":\"\(topic)\",\"request\":\(text)}", to: id)
                subscribers[id]?.symbols.insert(entry.name)
                let book = snapshotBook(Self.key(entry.name)) ?? L2Book()
                let time = Timestamp.iso(Self.milliseconds())
                let rows = (book.top(.sell, 5_000).reversed().map { LevelChange(side: .sell, price: $0.price, quantity: $0.quantity) }
                    + book.top(.buy, 5_000).map { LevelChange(side: .buy, price: $0.price, quantity: $0.quantity) })
                    .map { bitmexRow(entry, $0, price: true, size: true, time: time) }
                send("{\"table\":\"orderBookL2\",\"action\":\"partial\",\"keys\":[\"symbol\",\"id\",\"side\"],"
                     + "\"types\":{\"symbol\":\"symbol\",\"id\":\"long\",\"side\":\"symbol\",\"size\":\"long\",\"price\":\"float\",\"timestamp\":\"timestamp\"},"
                     + "\"filter\":{\"symbol\":\"\(entry.name)\"},\"data\":[\(rows.joined(separator: ","))]}", to: id)
            }
        }
    }

    /// A Coinbase Advanced Trade subscription (`{"type":"subscribe","product_ids":[..],"channel":"level2"}` or
    /// `"channel":"heartbeats"`): acknowledged on `subscriptions`, then a snapshot event per product.
    func advancedSubscribe(_ id: Int, channel: String, products: [String]) {
        subscribers[id]?.advanced = true
        guard channel == "level2" || channel == "heartbeats" else {
            send("{\"type\":\"error\",\"message\":\"Failed to subscribe\",\"reason\":\"unknown channel \(channel)\"}", to: id)
            return
        }
        if channel == "heartbeats" {
            subscribers[id]?.heartbeats = true
            sendAdvanced(id, channel: "subscriptions", events: "{\"subscriptions\":{\"heartbeats\":[\"heartbeats\"]}}")
            return
        }
        let known = products.filter { markets[Self.key($0)] != nil }
        sendAdvanced(
            id, channel: "subscriptions",
            events: "{\"subscriptions\":{\"level2\":[" + known.map { "\"\($0)\"" }.joined(separator: ",") + "]}}")
        for product in products {
            guard let book = snapshotBook(Self.key(product)), let entry = markets[Self.key(product)] else {
                send("{\"type\":\"error\",\"message\":\"Failed to subscribe\",\"reason\":\"\(product) is not a valid product\"}", to: id)
                continue
            }
            subscribers[id]?.symbols.insert(entry.name)
            let changes = book.top(.buy, 5_000).map { LevelChange(side: .buy, price: $0.price, quantity: $0.quantity) }
                + book.top(.sell, 5_000).map { LevelChange(side: .sell, price: $0.price, quantity: $0.quantity) }
            sendAdvanced(id, channel: "l2_data", events: advancedEvent(entry, type: "snapshot", changes: changes, time: Timestamp.iso(Self.milliseconds())))
        }
    }

    /// The welcome frame sent on connect (BitMEX sends one).
    public func welcome(_ id: Int) {
        guard kind == .bitmex else { return }
        send("{\"info\":\"Welcome to the BitMEX Realtime API.\",\"version\":\"bourse-sim\",\"timestamp\":\"\(Timestamp.iso(Self.milliseconds()))\",\"docs\":\"/app/wsAPI\",\"limit\":{\"remaining\":40}}", to: id)
    }

    // MARK: Tiny readers for client frames (strings in a named array, a number after a key)

    static func strings(after key: String, in text: String) -> [String] {
        guard let range = text.range(of: key) else { return [] }
        let rest = text[range.upperBound...].drop { $0 == ":" || $0 == " " }
        if rest.first == "\"" {
            let body = rest.dropFirst()
            guard let end = body.firstIndex(of: "\"") else { return [] }
            return [String(body[..<end])]
        }
        guard rest.first == "[", let end = rest.firstIndex(of: "]") else { return [] }
        return rest[rest.index(after: rest.startIndex)..<end].split(separator: ",").map {
            $0.trimmingCharacters(in: [" ", "\""])
        }
    }

    static func number(after key: String, in text: String) -> String? {
        guard let range = text.range(of: key) else { return nil }
        let digits = text[range.upperBound...].drop { $0 == ":" || $0 == " " }.prefix { $0.isNumber }
        return digits.isEmpty ? nil : String(digits)
    }
}

extension Substring {
    func trimmingCharacters(in set: Set<Character>) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
