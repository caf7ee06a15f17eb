import BourseCore
import Ledger
import MatchingEngine

extension ExchangeState {
    /// The whole state as bytes (``StateCodec`` format): counters, ledger, markets with their engines, orders,
    /// holds, brackets, users and keys. Equal states give equal bytes. Take it between commands; restoring it
    /// with ``restore(_:)`` gives a state that applies every later command exactly like this one.
    public func snapshot() -> [UInt8] { StateCodec.encode(self) }

    /// A state decoded from ``snapshot()``'s bytes.
    /// - Throws: ``CodecError`` when the bytes are truncated, of an unknown version, invalid, or describe a state
    ///   that breaks the exchange's invariants (never crashes on bad bytes).
    public static func restore(_ bytes: [UInt8]) throws(CodecError) -> ExchangeState {
        try StateCodec.decode(bytes)
    }

    /// Whether a market's engine snapshot agrees with the exchange's live orders and pending brackets (every
    /// order in the engine is live in the exchange with the same account, side and, when resting, price).
    func bookProblem(_ engine: EngineSnapshot, market: Int) -> String? {
        for o in engine.orders {
            guard let l = live[o.id], l.market == market, l.account == o.account, l.side == o.side,
                l.limit == o.price.rawValue
            else { return "resting order \(o.id) does not match the exchange's live order" }
        }
        for a in engine.armed {
            guard let l = live[a.request.id], l.market == market, l.account == a.request.account,
                l.side == a.request.side
            else { return "armed order \(a.request.id) does not match the exchange's live order" }
        }
        for b in engine.brackets {
            let entry = b.entry.id
            guard let pending = brackets[entry], pending.market == market, bracketLegs[b.takeProfitID] == entry,
                bracketLegs[b.stopLossID] == entry, pending.takeProfitID == b.takeProfitID,
                pending.stopLossID == b.stopLossID
            else { return "bracket \(entry) is pending in the engine but not in the exchange" }
        }
        return nil
    }

    /// The first reason a decoded state could not have come from applying commands (checked before it is used,
    /// since a later command would otherwise trip one of the state's preconditions), or `nil`.
    func consistencyProblem() -> String? {
        for (id, order) in live {
            guard groups[order.group] != nil, order.legsGroup.map({ groups[$0] != nil }) ?? true else {
                return "order \(id) refers to a missing hold group"
            }
        }
        for (id, b) in brackets where groups[b.legsGroup] == nil || b.entry != id {
            return "bracket \(id) refers to a missing hold group"
        }
        // Sums of holds, without trapping on overflow; checkInvariants then compares them with the ledger.
        var held: [UInt64: Int64] = [:]
        for (id, g) in groups {
            let key = UInt64(g.account.rawValue) << 16 | UInt64(g.asset.rawValue)
            let (sum, overflow) = held[key, default: 0].addingReportingOverflow(g.amount)
            if overflow || g.amount < 0 { return "hold group \(id) has an invalid amount" }
            held[key] = sum
        }
        return checkInvariants()
    }
}
