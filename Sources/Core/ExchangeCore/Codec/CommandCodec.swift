import BourseCore
import Ledger
import MatchingEngine

/// The journal's binary encoding of sequenced commands: a format version byte, then the sequence, the time and
/// the command as tagged, varint-packed fields. Tags and field order are part of the on-disk format: append new
/// cases, never renumber.
public enum CommandCodec {
    static let version: UInt8 = 1

    /// Encodes a command for the journal.
    public static func encode(_ c: SequencedCommand) -> [UInt8] {
        var w = ByteWriter()
        w.u8(version)
        w.varint(c.sequence)
        w.int(c.time)
        write(c.command, to: &w)
        return w.bytes
    }

    /// Decodes what ``encode(_:)`` produced.
    /// - Throws: ``CodecError`` for anything else (never crashes on bad bytes).
    public static func decode(_ bytes: [UInt8]) throws(CodecError) -> SequencedCommand {
        var r = ByteReader(bytes)
        let v = try r.u8()
        guard v == version else { throw CodecError("unknown format version \(v)") }
        let sequence = try r.varint()
        let time = try r.int()
        let command = try readCommand(&r)
        guard r.isAtEnd else { throw CodecError("\(bytes.count - r.offset) trailing bytes") }
        return SequencedCommand(sequence: sequence, time: time, command: command)
    }

    // MARK: Commands

    static func write(_ command: ExchangeCommand, to w: inout ByteWriter) {
        switch command {
        case .addAsset(let symbol, let scale):
            w.u8(1); w.string(symbol); w.int(Int64(scale))
        case .addMarket(let d):
            w.u8(2); write(d, to: &w)
        case .createUser(let name, let hash):
            w.u8(3); w.string(name); w.string(hash)
        case .addAPIKey(let account, let key, let secret):
            w.u8(4); w.varint(UInt64(account.rawValue)); w.string(key); w.string(secret)
        case .deposit(let account, let asset, let amount):
            w.u8(5); w.varint(UInt64(account.rawValue)); w.string(asset); w.int(amount)
        case .withdraw(let account, let asset, let amount):
            w.u8(6); w.varint(UInt64(account.rawValue)); w.string(asset); w.int(amount)
        case .place(let account, let symbol, let order):
            w.u8(7); w.varint(UInt64(account.rawValue)); w.string(symbol); write(order, to: &w)
        case .placeOCO(let account, let symbol, let first, let second):
            w.u8(8); w.varint(UInt64(account.rawValue)); w.string(symbol); write(first, to: &w); write(second, to: &w)
        case .placeBracket(let account, let symbol, let b):
            w.u8(9); w.varint(UInt64(account.rawValue)); w.string(symbol); write(b.entry, to: &w)
            w.int(b.takeProfitPrice.rawValue); w.int(b.stopLossTrigger.rawValue); w.optionalInt(b.stopLossLimit?.rawValue)
        case .cancel(let account, let symbol, let reference):
            w.u8(10); w.varint(UInt64(account.rawValue)); w.string(symbol); write(reference, to: &w)
        case .amend(let account, let symbol, let reference, let price, let quantity):
            w.u8(11); w.varint(UInt64(account.rawValue)); w.string(symbol); write(reference, to: &w)
            w.optionalInt(price?.rawValue); w.optionalInt(quantity?.rawValue)
        case .cancelAll(let account, let symbol):
            w.u8(12); w.varint(UInt64(account.rawValue)); w.optionalString(symbol)
        case .tick:
            w.u8(13)
        case .modifyBracket(let account, let symbol, let entry, let c):
            w.u8(14); w.varint(UInt64(account.rawValue)); w.string(symbol); write(entry, to: &w)
            w.optionalInt(c.entryPrice?.rawValue); w.optionalInt(c.takeProfitPrice?.rawValue)
            w.optionalInt(c.stopLossTrigger?.rawValue); w.optionalInt(c.stopLossLimit?.rawValue)
        }
    }

    static func readCommand(_ r: inout ByteReader) throws(CodecError) -> ExchangeCommand {
        let tag = try r.u8()
        switch tag {
        case 1: return .addAsset(symbol: try r.string(), scale: Int(try r.int()))
        case 2: return .addMarket(try readMarket(&r))
        case 3: return .createUser(name: try r.string(), passwordHash: try r.string())
        case 4: return .addAPIKey(account: try account(&r), key: try r.string(), secret: try r.string())
        case 5: return .deposit(account: try account(&r), asset: try r.string(), amount: try r.int())
        case 6: return .withdraw(account: try account(&r), asset: try r.string(), amount: try r.int())
        case 7: return .place(account: try account(&r), symbol: try r.string(), order: try readSpec(&r))
        case 8:
            return .placeOCO(account: try account(&r), symbol: try r.string(), first: try readSpec(&r), second: try readSpec(&r))
        case 9:
            let account = try account(&r)
            let symbol = try r.string()
            let entry = try readSpec(&r)
            let bracket = BracketSpec(
                entry: entry, takeProfitPrice: Price(try r.int()), stopLossTrigger: Price(try r.int()),
                stopLossLimit: try r.optionalInt().map { Price($0) })
            return .placeBracket(account: account, symbol: symbol, bracket: bracket)
        case 10: return .cancel(account: try account(&r), symbol: try r.string(), order: try readReference(&r))
        case 11:
            return .amend(
                account: try account(&r), symbol: try r.string(), order: try readReference(&r),
                price: try r.optionalInt().map { Price($0) }, quantity: try r.optionalInt().map { Quantity($0) })
        case 12: return .cancelAll(account: try account(&r), symbol: try r.optionalString())
        case 13: return .tick
        case 14:
            let account = try account(&r)
            let symbol = try r.string()
            let entry = try readReference(&r)
            let change = BracketChange(
                entryPrice: try r.optionalInt().map { Price($0) }, takeProfitPrice: try r.optionalInt().map { Price($0) },
                stopLossTrigger: try r.optionalInt().map { Price($0) }, stopLossLimit: try r.optionalInt().map { Price($0) })
            return .modifyBracket(account: account, symbol: symbol, entry: entry, change: change)
        default: throw CodecError("unknown command tag \(tag)")
        }
    }

    static func account(_ r: inout ByteReader) throws(CodecError) -> AccountID {
        let v = try r.varint()
        guard v <= UInt64(UInt32.max) else { throw CodecError("account id \(v) out of range") }
        return AccountID(UInt32(v))
    }

    // MARK: Parts

    static func write(_ d: MarketDefinition, to w: inout ByteWriter) {
        let i = d.instrument
        w.string(i.symbol); w.string(i.baseAsset); w.string(i.quoteAsset)
        w.int(Int64(i.priceScale)); w.int(Int64(i.sizeScale))
        for v in [i.tickSize.rawValue, i.lotSize.rawValue, i.minQuantity.rawValue, i.maxQuantity.rawValue,
            i.minPrice.rawValue, i.maxPrice.rawValue, d.fees.makerRate, d.fees.takerRate, d.bandBasisPoints]
        {
            w.int(v)
        }
        w.u8(d.policy.rawValue)
    }

    static func readMarket(_ r: inout ByteReader) throws(CodecError) -> MarketDefinition {
        let symbol = try r.string()
        let base = try r.string()
        let quote = try r.string()
        let priceScale = Int(try r.int())
        let sizeScale = Int(try r.int())
        var v: [Int64] = []
        for _ in 0..<9 { v.append(try r.int()) }
        guard let policy = PriceImprovementPolicy(rawValue: try r.u8()) else { throw CodecError("unknown policy") }
        do {
            let instrument = try Instrument(
                symbol: symbol, baseAsset: base, quoteAsset: quote, priceScale: priceScale, sizeScale: sizeScale,
                tickSize: Price(v[0]), lotSize: Quantity(v[1]), minQuantity: Quantity(v[2]), maxQuantity: Quantity(v[3]),
                minPrice: Price(v[4]), maxPrice: Price(v[5]))
            let fees = try FeeSchedule(makerRate: v[6], takerRate: v[7])
            return MarketDefinition(instrument: instrument, fees: fees, policy: policy, bandBasisPoints: v[8])
        } catch {
            throw CodecError("invalid market definition: \(error)")
        }
    }

    static func write(_ s: OrderSpec, to w: inout ByteWriter) {
        w.optionalString(s.clientOrderID)
        w.u8(s.side == .buy ? 0 : 1)
        w.u8(UInt8(OrderType.allCases.firstIndex(of: s.type)!))
        w.optionalInt(s.price?.rawValue)
        w.optionalInt(s.triggerPrice?.rawValue)
        w.optionalInt(s.quantity?.rawValue)
        w.optionalInt(s.quoteAmount)
        switch s.timeInForce {
        case .gtc: w.u8(0)
        case .ioc: w.u8(1)
        case .fok: w.u8(2)
        case .gtd(let t): w.u8(3); w.int(t)
        }
        w.bool(s.postOnly)
        w.optionalInt(s.displayQuantity?.rawValue)
        w.u8(s.selfTradePrevention.rawValue)
    }

    static func readSpec(_ r: inout ByteReader) throws(CodecError) -> OrderSpec {
        let client = try r.optionalString()
        let sideByte = try r.u8()
        guard sideByte <= 1 else { throw CodecError("invalid side \(sideByte)") }
        let typeIndex = Int(try r.u8())
        guard typeIndex < OrderType.allCases.count else { throw CodecError("invalid order type \(typeIndex)") }
        let price = try r.optionalInt().map { Price($0) }
        let trigger = try r.optionalInt().map { Price($0) }
        let quantity = try r.optionalInt().map { Quantity($0) }
        let quoteAmount = try r.optionalInt()
        let tif: TimeInForce
        switch try r.u8() {
        case 0: tif = .gtc
        case 1: tif = .ioc
        case 2: tif = .fok
        case 3: tif = .gtd(expiresAt: try r.int())
        case let t: throw CodecError("invalid time in force \(t)")
        }
        let postOnly = try r.bool()
        let display = try r.optionalInt().map { Quantity($0) }
        guard let stp = SelfTradePrevention(rawValue: try r.u8()) else { throw CodecError("invalid STP") }
        return OrderSpec(
            clientOrderID: client, side: sideByte == 0 ? .buy : .sell, type: OrderType.allCases[typeIndex], price: price,
            triggerPrice: trigger, quantity: quantity, quoteAmount: quoteAmount, timeInForce: tif, postOnly: postOnly,
            displayQuantity: display, selfTradePrevention: stp)
    }

    static func write(_ reference: OrderReference, to w: inout ByteWriter) {
        switch reference {
        case .id(let id): w.u8(0); w.varint(id.rawValue)
        case .client(let text): w.u8(1); w.string(text)
        }
    }

    static func readReference(_ r: inout ByteReader) throws(CodecError) -> OrderReference {
        switch try r.u8() {
        case 0: return .id(OrderID(try r.varint()))
        case 1: return .client(try r.string())
        case let t: throw CodecError("invalid order reference tag \(t)")
        }
    }
}
