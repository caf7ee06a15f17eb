import BourseCore
import Ledger
import MatchingEngine

extension ExchangeState {
    /// The whole state as bytes (``StateCodec`` format): counters, ledger, markets with their engines, orders,
    /// holds, brackets, users and keys. Equal states give equal bytes. Take it between commands; restoring it
    /// with ``restore(_:)`` gives a state that applies every later command exactly like this one.
    public func snapshot() -> [UInt8] { StateCodec.encode(image()) }

    /// What a snapshot holds, captured between two commands without encoding it: the counters and maps as
    /// copy-on-write values, each engine as its ``EngineSnapshot``. Taking it costs about as much as the engines'
    /// resting orders; ``Image/encode()`` then writes the same bytes as ``snapshot()`` on any thread, while the
    /// state goes on applying commands (its first change to a captured map copies that map).
    public func image() -> Image {
        Image(
            sequence: sequence, time: time, nextOrderID: nextOrderID, nextTradeID: nextTradeID, nextGroupID: nextGroupID,
            nextAccount: nextAccount, ledger: ledger, markets: markets.map { ($0.definition, $0.engine.snapshot()) },
            orders: orders, clientOrderIDs: clientOrderIDs, openOrders: openOrders, live: live, groups: groups,
            brackets: brackets, bracketLegs: bracketLegs, users: users, apiKeys: apiKeys)
    }

    /// The contents of a snapshot as values (see ``image()``).
    public struct Image: Sendable {
        var sequence: UInt64
        var time: Int64
        var nextOrderID: UInt64
        var nextTradeID: UInt64
        var nextGroupID: UInt64
        var nextAccount: UInt32
        var ledger: Ledger
        var markets: [(definition: MarketDefinition, engine: EngineSnapshot)]
        var orders: OrderTable
        var clientOrderIDs: [AccountID: [String: OrderID]]
        var openOrders: [AccountID: Set<OrderID>]
        var live: [OrderID: LiveOrder]
        var groups: [UInt64: HoldGroup]
        var brackets: [OrderID: PendingBracket]
        var bracketLegs: [OrderID: OrderID]
        var users: [String: UserRecord]
        var apiKeys: [String: APIKeyRecord]

        /// The sequence of the last command the image includes.
        public var lastSequence: UInt64 { sequence }

        /// The snapshot's bytes, equal to what ``ExchangeState/snapshot()`` gave when the image was taken.
        public func encode() -> [UInt8] { StateCodec.encode(self) }
    }

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
