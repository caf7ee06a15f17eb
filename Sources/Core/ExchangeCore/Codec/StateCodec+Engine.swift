import BourseCore
import MatchingEngine

// The matching engine's part of a state snapshot: an ``EngineSnapshot`` field by field.
extension StateCodec {
    static func write(_ s: EngineSnapshot, to w: inout ByteWriter) {
        w.varint(s.sequence); w.varint(s.acceptances); w.varint(s.arms); w.int(s.clock)
        w.optionalInt(s.lastPrice?.rawValue)
        w.varint(UInt64(s.orders.count))
        for o in s.orders {
            w.varint(o.id.rawValue); w.varint(UInt64(o.account.rawValue)); w.u8(o.side.rawValue)
            w.int(o.price.rawValue); w.int(o.visible.rawValue); w.int(o.hidden.rawValue); w.int(o.display.rawValue)
            w.int(o.filled.rawValue); w.u8(o.selfTradePrevention.rawValue); w.bool(o.postOnly)
            writeOptionalID(o.ocoPartner, to: &w); w.bool(o.isBracketEntry); w.varint(o.acceptance)
            w.optionalInt(o.expiresAt)
        }
        w.varint(UInt64(s.armed.count))
        for a in s.armed {
            write(a.request, to: &w); w.varint(a.arm); w.varint(a.acceptance); writeOptionalID(a.ocoPartner, to: &w)
        }
        w.varint(UInt64(s.brackets.count))
        for b in s.brackets {
            write(b.entry, to: &w); w.varint(b.takeProfitID.rawValue); w.int(b.takeProfitPrice.rawValue)
            w.varint(b.stopLossID.rawValue); w.int(b.stopLossTrigger.rawValue); w.optionalInt(b.stopLossLimit?.rawValue)
        }
        w.varint(UInt64(s.expiries.count))
        for e in s.expiries { w.int(e.expiresAt); w.varint(e.acceptance); w.varint(e.id.rawValue) }
    }

    static func readEngine(_ r: inout ByteReader) throws(CodecError) -> EngineSnapshot {
        let sequence = try r.varint()
        let acceptances = try r.varint()
        let arms = try r.varint()
        let clock = try r.int()
        let lastPrice = try r.optionalInt().map { Price($0) }
        var orders: [EngineSnapshot.RestingOrder] = []
        for _ in 0..<(try r.count()) {
            orders.append(
                EngineSnapshot.RestingOrder(
                    id: OrderID(try r.varint()), account: try CommandCodec.account(&r), side: try readSide(&r),
                    price: Price(try r.int()), visible: Quantity(try r.int()), hidden: Quantity(try r.int()),
                    display: Quantity(try r.int()), filled: Quantity(try r.int()), selfTradePrevention: try readSTP(&r),
                    postOnly: try r.bool(), ocoPartner: try readOptionalID(&r), isBracketEntry: try r.bool(),
                    acceptance: try r.varint(), expiresAt: try r.optionalInt()))
        }
        var armed: [EngineSnapshot.ArmedOrder] = []
        for _ in 0..<(try r.count()) {
            armed.append(
                EngineSnapshot.ArmedOrder(
                    request: try readRequest(&r), arm: try r.varint(), acceptance: try r.varint(),
                    ocoPartner: try readOptionalID(&r)))
        }
        var brackets: [BracketRequest] = []
        for _ in 0..<(try r.count()) {
            brackets.append(
                BracketRequest(
                    entry: try readRequest(&r), takeProfitID: OrderID(try r.varint()),
                    takeProfitPrice: Price(try r.int()), stopLossID: OrderID(try r.varint()),
                    stopLossTrigger: Price(try r.int()), stopLossLimit: try r.optionalInt().map { Price($0) }))
        }
        var expiries: [EngineSnapshot.Expiry] = []
        for _ in 0..<(try r.count()) {
            expiries.append(
                EngineSnapshot.Expiry(expiresAt: try r.int(), acceptance: try r.varint(), id: OrderID(try r.varint())))
        }
        return EngineSnapshot(
            sequence: sequence, acceptances: acceptances, arms: arms, clock: clock, lastPrice: lastPrice,
            orders: orders, armed: armed, brackets: brackets, expiries: expiries)
    }

    static func write(_ q: OrderRequest, to w: inout ByteWriter) {
        w.varint(q.id.rawValue); w.varint(UInt64(q.account.rawValue)); w.u8(q.side.rawValue); w.u8(q.kind.rawValue)
        w.int(q.price.rawValue); w.int(q.quantity.rawValue); w.int(q.quoteAmount); write(q.timeInForce, to: &w)
        w.bool(q.postOnly); w.int(q.displayQuantity.rawValue)
        switch q.trigger {
        case nil: w.u8(0)
        case .stop(let p): w.u8(1); w.int(p.rawValue)
        case .takeProfit(let p): w.u8(2); w.int(p.rawValue)
        }
        w.u8(q.selfTradePrevention.rawValue)
    }

    static func readRequest(_ r: inout ByteReader) throws(CodecError) -> OrderRequest {
        let id = OrderID(try r.varint())
        let account = try CommandCodec.account(&r)
        let side = try readSide(&r)
        guard let kind = OrderKind(rawValue: try r.u8()) else { throw CodecError("invalid order kind") }
        let price = Price(try r.int())
        let quantity = Quantity(try r.int())
        let quoteAmount = try r.int()
        let tif = try readTimeInForce(&r)
        let postOnly = try r.bool()
        let display = Quantity(try r.int())
        let trigger: OrderTrigger?
        switch try r.u8() {
        case 0: trigger = nil
        case 1: trigger = .stop(Price(try r.int()))
        case 2: trigger = .takeProfit(Price(try r.int()))
        case let t: throw CodecError("invalid trigger tag \(t)")
        }
        return OrderRequest(
            id: id, account: account, side: side, kind: kind, price: price, quantity: quantity, quoteAmount: quoteAmount,
            timeInForce: tif, postOnly: postOnly, displayQuantity: display, trigger: trigger,
            selfTradePrevention: try readSTP(&r))
    }

    // MARK: Small parts

    static func write(_ tif: TimeInForce, to w: inout ByteWriter) {
        switch tif {
        case .gtc: w.u8(0)
        case .ioc: w.u8(1)
        case .fok: w.u8(2)
        case .gtd(let t): w.u8(3); w.int(t)
        }
    }

    static func readTimeInForce(_ r: inout ByteReader) throws(CodecError) -> TimeInForce {
        switch try r.u8() {
        case 0: return .gtc
        case 1: return .ioc
        case 2: return .fok
        case 3: return .gtd(expiresAt: try r.int())
        case let t: throw CodecError("invalid time in force \(t)")
        }
    }

    static func readSide(_ r: inout ByteReader) throws(CodecError) -> Side {
        guard let side = Side(rawValue: try r.u8()) else { throw CodecError("invalid side") }
        return side
    }

    static func readSTP(_ r: inout ByteReader) throws(CodecError) -> SelfTradePrevention {
        guard let stp = SelfTradePrevention(rawValue: try r.u8()) else { throw CodecError("invalid STP") }
        return stp
    }

    static func writeOptionalID(_ id: OrderID?, to w: inout ByteWriter) {
        w.bool(id != nil)
        if let id { w.varint(id.rawValue) }
    }

    static func readOptionalID(_ r: inout ByteReader) throws(CodecError) -> OrderID? {
        try r.bool() ? OrderID(try r.varint()) : nil
    }
}

extension ByteReader {
    /// A collection's element count; every element takes at least one byte, so a count beyond the bytes left is
    /// corrupt (and never makes the decoder reserve absurd amounts of memory).
    mutating func count() throws(CodecError) -> Int {
        let n = try varint()
        guard n <= UInt64(bytes.count - offset) else { throw CodecError("count \(n) exceeds the bytes left") }
        return Int(n)
    }
}
