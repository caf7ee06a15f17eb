import BourseCore
import Ledger
import MatchingEngine

/// The binary snapshot of an ``ExchangeState``: a format version byte, the counters, the ledger, the markets
/// (definition and engine snapshot), then orders, client order ids, open and live orders, hold groups, pending
/// brackets, users and API keys, all varint-packed like ``CommandCodec``. Maps are written in ascending key
/// order, so equal states give equal bytes. Field order is part of the on-disk format: bump ``version`` to
/// change it.
enum StateCodec {
    static let version: UInt8 = 1

    static let statuses: [OrderStatus] = [
        .untriggered, .new, .partiallyFilled, .filled, .cancelled, .expired, .rejected,
    ]

    static func encode(_ s: ExchangeState.Image) -> [UInt8] {
        var w = ByteWriter(capacity: 4_096 + s.orders.count * 64)
        w.u8(version)
        w.varint(s.sequence); w.int(s.time); w.varint(s.nextOrderID); w.varint(s.nextTradeID)
        w.varint(s.nextGroupID); w.varint(UInt64(s.nextAccount))
        write(s.ledger, to: &w)
        w.varint(UInt64(s.markets.count))
        for m in s.markets {
            CommandCodec.write(m.definition, to: &w)
            write(m.engine, to: &w)
        }
        w.varint(UInt64(s.orders.count))
        s.orders.forEach { write($0, to: &w) }
        w.varint(UInt64(s.clientOrderIDs.count))
        for account in s.clientOrderIDs.keys.sorted() {
            let ids = s.clientOrderIDs[account]!
            w.varint(UInt64(account.rawValue)); w.varint(UInt64(ids.count))
            for client in ids.keys.sorted() { w.string(client); w.varint(ids[client]!.rawValue) }
        }
        w.varint(UInt64(s.openOrders.count))
        for account in s.openOrders.keys.sorted() {
            let ids = s.openOrders[account]!
            w.varint(UInt64(account.rawValue)); w.varint(UInt64(ids.count))
            for id in ids.sorted() { w.varint(id.rawValue) }
        }
        w.varint(UInt64(s.live.count))
        for id in s.live.keys.sorted() {
            let o = s.live[id]!
            w.varint(id.rawValue); w.varint(UInt64(o.market)); w.varint(UInt64(o.account.rawValue))
            w.u8(o.side.rawValue); w.int(o.limit); w.bool(o.isMarket); w.int(o.remaining); w.varint(o.group)
            w.bool(o.legsGroup != nil)
            if let legs = o.legsGroup { w.varint(legs) }
        }
        w.varint(UInt64(s.groups.count))
        for id in s.groups.keys.sorted() {
            let g = s.groups[id]!
            w.varint(id); w.varint(UInt64(g.account.rawValue)); w.varint(UInt64(g.asset.rawValue)); w.int(g.amount)
            w.int(Int64(g.members)); w.bool(g.awaitingLegs)
        }
        w.varint(UInt64(s.brackets.count))
        for id in s.brackets.keys.sorted() {
            let b = s.brackets[id]!
            w.varint(b.entry.rawValue); w.varint(b.takeProfitID.rawValue); w.varint(b.stopLossID.rawValue)
            w.varint(b.legsGroup); w.varint(UInt64(b.market)); w.u8(b.entrySide.rawValue)
            w.int(b.takeProfitPrice); w.int(b.stopLossTrigger); w.int(b.stopLossLimit)
        }
        w.varint(UInt64(s.bracketLegs.count))
        for leg in s.bracketLegs.keys.sorted() { w.varint(leg.rawValue); w.varint(s.bracketLegs[leg]!.rawValue) }
        w.varint(UInt64(s.users.count))
        for name in s.users.keys.sorted() {
            let u = s.users[name]!
            w.string(u.name); w.string(u.passwordHash); w.varint(UInt64(u.account.rawValue))
        }
        w.varint(UInt64(s.apiKeys.count))
        for key in s.apiKeys.keys.sorted() {
            let k = s.apiKeys[key]!
            w.string(k.key); w.string(k.secret); w.varint(UInt64(k.account.rawValue))
        }
        return w.bytes
    }

    static func decode(_ bytes: [UInt8]) throws(CodecError) -> ExchangeState {
        var r = ByteReader(bytes)
        let v = try r.u8()
        guard v == version else { throw CodecError("unknown snapshot format version \(v)") }
        let s = ExchangeState()
        s.sequence = try r.varint()
        s.time = try r.int()
        s.nextOrderID = try r.varint()
        s.nextTradeID = try r.varint()
        s.nextGroupID = try r.varint()
        s.nextAccount = try CommandCodec.account(&r).rawValue
        s.ledger = try readLedger(&r)
        // Engines are restored only once the orders they hold have been checked against the exchange's view.
        var definitions: [MarketDefinition] = []
        var engines: [EngineSnapshot] = []
        for _ in 0..<(try r.count()) {
            definitions.append(try CommandCodec.readMarket(&r))
            engines.append(try readEngine(&r))
        }
        var previousID: UInt64 = 0
        for _ in 0..<(try r.count()) {
            let record = try readOrder(&r)
            // Ascending ids (as written): no duplicates, and each account's index comes out in order.
            guard record.id.rawValue > previousID else { throw CodecError("order \(record.id) is out of order") }
            // Every id was handed out before the next one (the encoder relies on it, and so do new orders).
            guard record.id.rawValue < s.nextOrderID else {
                throw CodecError("order \(record.id) is not below the next order id \(s.nextOrderID)")
            }
            previousID = record.id.rawValue
            s.orders[record.id] = record
            s.accountOrders[record.account, default: []].append(record.id)
        }
        for _ in 0..<(try r.count()) {
            let account = try CommandCodec.account(&r)
            var ids: [String: OrderID] = [:]
            for _ in 0..<(try r.count()) { ids[try r.string()] = OrderID(try r.varint()) }
            s.clientOrderIDs[account] = ids
        }
        for _ in 0..<(try r.count()) {
            let account = try CommandCodec.account(&r)
            var ids = Set<OrderID>()
            for _ in 0..<(try r.count()) { ids.insert(OrderID(try r.varint())) }
            s.openOrders[account] = ids
        }
        for _ in 0..<(try r.count()) {
            let id = OrderID(try r.varint())
            let market = try index(&r, below: definitions.count, "market")
            let order = LiveOrder(
                market: market, account: try CommandCodec.account(&r), side: try readSide(&r), limit: try r.int(),
                isMarket: try r.bool(), remaining: try r.int(), group: try r.varint(),
                legsGroup: try r.bool() ? try r.varint() : nil)
            s.live[id] = order
        }
        for _ in 0..<(try r.count()) {
            let id = try r.varint()
            let account = try CommandCodec.account(&r)
            let asset = AssetID(UInt16(try index(&r, below: s.ledger.assets.count, "asset")))
            let amount = try r.int()
            let members = try r.int()
            guard members >= 0, members <= Int64(Int32.max) else { throw CodecError("hold group \(id): bad members") }
            s.groups[id] = HoldGroup(
                account: account, asset: asset, amount: amount, members: Int(members), awaitingLegs: try r.bool())
        }
        for _ in 0..<(try r.count()) {
            let b = PendingBracket(
                entry: OrderID(try r.varint()), takeProfitID: OrderID(try r.varint()),
                stopLossID: OrderID(try r.varint()), legsGroup: try r.varint(),
                market: try index(&r, below: definitions.count, "market"), entrySide: try readSide(&r),
                takeProfitPrice: try r.int(), stopLossTrigger: try r.int(), stopLossLimit: try r.int())
            s.brackets[b.entry] = b
        }
        for _ in 0..<(try r.count()) { s.bracketLegs[OrderID(try r.varint())] = OrderID(try r.varint()) }
        for _ in 0..<(try r.count()) {
            let user = UserRecord(name: try r.string(), passwordHash: try r.string(), account: try CommandCodec.account(&r))
            s.users[user.name] = user
            s.accountNames[user.account] = user.name
        }
        for _ in 0..<(try r.count()) {
            let key = APIKeyRecord(key: try r.string(), secret: try r.string(), account: try CommandCodec.account(&r))
            s.apiKeys[key.key] = key
        }
        guard r.isAtEnd else { throw CodecError("\(bytes.count - r.offset) trailing bytes in the snapshot") }
        for (i, (definition, engine)) in zip(definitions, engines).enumerated() {
            if let problem = s.bookProblem(engine, market: i) {
                throw CodecError("market \(definition.symbol): \(problem)")
            }
            let restored: MatchingEngine
            do {
                restored = try MatchingEngine(configuration: Market.engineConfiguration(definition), snapshot: engine)
            } catch {
                throw CodecError("market \(definition.symbol): \(error)")
            }
            do { try s.addMarket(definition, engine: restored) } catch {
                throw CodecError("market \(definition.symbol): \(error)")
            }
        }
        if let problem = s.consistencyProblem() { throw CodecError("inconsistent snapshot: \(problem)") }
        return s
    }

    // MARK: Parts

    static func write(_ ledger: Ledger, to w: inout ByteWriter) {
        w.varint(UInt64(ledger.assets.count))
        for a in ledger.assets { w.string(a.symbol); w.int(Int64(a.scale)) }
        for i in ledger.assets.indices { w.int(ledger.supply(AssetID(UInt16(i)))) }
        let accounts = ledger.accountIDs
        w.varint(UInt64(accounts.count))
        for account in accounts {
            w.varint(UInt64(account.rawValue))
            for b in ledger.balances(account) { w.int(b.available); w.int(b.onHold) }
        }
    }

    static func readLedger(_ r: inout ByteReader) throws(CodecError) -> Ledger {
        let count = try r.count()
        guard count <= Int(UInt16.max) else { throw CodecError("too many assets") }
        var assets: [Asset] = []
        for _ in 0..<count {
            let symbol = try r.string()
            let scale = try r.int()
            guard (0...Int64(FixedPoint.maximumScale)).contains(scale) else { throw CodecError("bad asset scale") }
            assets.append(Asset(symbol: symbol, scale: Int(scale)))
        }
        var supplies: [Int64] = []
        for _ in 0..<count { supplies.append(try r.int()) }
        var balances: [AccountID: [Balance]] = [:]
        for _ in 0..<(try r.count()) {
            let account = try CommandCodec.account(&r)
            var list: [Balance] = []
            for _ in 0..<count { list.append(Balance(available: try r.int(), onHold: try r.int())) }
            balances[account] = list
        }
        do { return try Ledger(assets: assets, balances: balances, supplies: supplies) } catch {
            throw CodecError("invalid ledger: \(error)")
        }
    }

    static func write(_ o: OrderRecord, to w: inout ByteWriter) {
        w.varint(o.id.rawValue); w.optionalString(o.clientOrderID); w.varint(UInt64(o.account.rawValue))
        w.string(o.symbol); w.u8(o.side.rawValue); w.u8(UInt8(OrderType.allCases.firstIndex(of: o.type) ?? 0))
        w.optionalInt(o.price?.rawValue); w.optionalInt(o.triggerPrice?.rawValue); w.int(o.quantity.rawValue)
        w.optionalInt(o.quoteAmount); w.int(o.filled.rawValue); w.int(o.filledNotional); w.int(o.remaining.rawValue)
        w.u8(UInt8(statuses.firstIndex(of: o.status) ?? 0)); write(o.timeInForce, to: &w); w.bool(o.postOnly)
        w.optionalString(o.reason); writeOptionalID(o.parentID, to: &w); w.int(o.createdAt); w.int(o.updatedAt)
    }

    static func readOrder(_ r: inout ByteReader) throws(CodecError) -> OrderRecord {
        let id = OrderID(try r.varint())
        let client = try r.optionalString()
        let account = try CommandCodec.account(&r)
        let symbol = try r.string()
        let side = try readSide(&r)
        let type = OrderType.allCases[try index(&r, u8Below: OrderType.allCases.count, "order type")]
        return OrderRecord(
            id: id, clientOrderID: client, account: account, symbol: symbol, side: side, type: type,
            price: try r.optionalInt().map { Price($0) }, triggerPrice: try r.optionalInt().map { Price($0) },
            quantity: Quantity(try r.int()), quoteAmount: try r.optionalInt(), filled: Quantity(try r.int()),
            filledNotional: try r.int(), remaining: Quantity(try r.int()),
            status: statuses[try index(&r, u8Below: statuses.count, "order status")],
            timeInForce: try readTimeInForce(&r), postOnly: try r.bool(), reason: try r.optionalString(),
            parentID: try readOptionalID(&r), createdAt: try r.int(), updatedAt: try r.int())
    }

    static func index(_ r: inout ByteReader, below bound: Int, _ what: String) throws(CodecError) -> Int {
        let v = try r.varint()
        guard v < UInt64(bound) else { throw CodecError("\(what) index \(v) out of range") }
        return Int(v)
    }

    static func index(_ r: inout ByteReader, u8Below bound: Int, _ what: String) throws(CodecError) -> Int {
        let v = Int(try r.u8())
        guard v < bound else { throw CodecError("invalid \(what) \(v)") }
        return v
    }
}
