import BourseCore
import ExchangeCore
import MatchingEngine

/// Random exchange commands for a BTC-USDT-like market (price scale 2, size scale 6, lot 100) around a mid price
/// of 20,000, covering every command and order type, with a share of bad ones (unknown symbol, off-lot,
/// negative size, unknown account).
public struct RandomExchangeCommands {
    public let accounts: [AccountID]
    public let symbol: String
    var clientCounter = 0

    public init(accounts: [AccountID], symbol: String) {
        self.accounts = accounts
        self.symbol = symbol
    }

    /// The next command; `state` is read to pick open orders for cancels and amends.
    public mutating func next(_ rng: inout SeededGenerator, state: ExchangeState) -> ExchangeCommand {
        let account = accounts[Int(rng.next() % UInt64(accounts.count))]
        let roll = rng.next() % 100
        let open = state.openOrderIDs(account)
        switch roll {
        case 0..<40:
            return .place(account: account, symbol: symbol, order: randomSpec(&rng))
        case 40..<50:
            return .place(account: account, symbol: symbol, order: marketSpec(&rng))
        case 50..<55:
            let side: Side = rng.next() % 2 == 0 ? .buy : .sell
            let stop = OrderSpec(side: side, type: .stopMarket, triggerPrice: Price(price(&rng)), quantity: Quantity(size(&rng)))
            return .placeOCO(account: account, symbol: symbol, first: limit(&rng, side: side), second: stop)
        case 55..<60:
            let side: Side = rng.next() % 2 == 0 ? .buy : .sell
            let entry = side == .buy ? Self.mid : Self.mid
            let gap = Int64(rng.next() % 500 + 1) * 100
            return .placeBracket(
                account: account, symbol: symbol,
                bracket: BracketSpec(
                    entry: OrderSpec(side: side, type: .limit, price: Price(entry + Int64(rng.next() % 200) - 100), quantity: Quantity(size(&rng))),
                    takeProfitPrice: Price(side == .buy ? entry + gap : entry - gap),
                    stopLossTrigger: Price(side == .buy ? entry - gap : entry + gap),
                    stopLossLimit: rng.next() % 2 == 0 ? nil : Price(side == .buy ? entry - 2 * gap : entry + 2 * gap)))
        case 60..<75:
            let id = open.isEmpty ? OrderID(rng.next() % 1_000) : open[Int(rng.next() % UInt64(open.count))]
            return .cancel(account: account, symbol: symbol, order: .id(id))
        case 80..<87:
            // Modify a bracket: mostly one with an open entry or leg; sometimes any open order or a random id.
            let entries = state.orderIDs(account).suffix(300).filter { entry in
                state.isBracketEntry(entry)
                    && [0, 1, 2].contains { state.orders[OrderID(entry.rawValue + $0)]?.status.isOpen == true }
            }
            var id = open.isEmpty ? OrderID(rng.next() % 1_000) : open[Int(rng.next() % UInt64(open.count))]
            if !entries.isEmpty && rng.next() % 5 != 0 { id = entries[Int(rng.next() % UInt64(entries.count))] }
            if let parent = state.orders[id]?.parentID { id = parent }
            let entry = state.orders[id]?.price?.rawValue ?? Self.mid
            let gap = Int64(rng.next() % 500 + 1) * 100
            let long = state.orders[id].map { $0.parentID == nil ? $0.side == .buy : $0.side == .sell } ?? true
            let drift = Int64(rng.next() % 200) - 100
            var change = BracketChange()
            if rng.next() % 3 == 0 { change.entryPrice = Price(entry + drift) }
            if rng.next() % 2 == 0 { change.takeProfitPrice = Price(long ? entry + gap : entry - gap) }
            if rng.next() % 2 == 0 { change.stopLossTrigger = Price(long ? entry - gap + drift : entry + gap + drift) }
            if rng.next() % 4 == 0 { change.stopLossLimit = Price(long ? entry - 2 * gap : entry + 2 * gap) }
            return .modifyBracket(account: account, symbol: symbol, entry: .id(id), change: change)
        case 75..<80:
            let id = open.isEmpty ? OrderID(rng.next() % 1_000) : open[Int(rng.next() % UInt64(open.count))]
            let newPrice: Price? = rng.next() % 2 == 0 ? Price(price(&rng)) : nil
            let newSize: Quantity? = newPrice == nil || rng.next() % 2 == 0 ? Quantity(size(&rng)) : nil
            return .amend(account: account, symbol: symbol, order: .id(id), price: newPrice, quantity: newSize)
        case 87..<89:
            return .cancelAll(account: account, symbol: rng.next() % 2 == 0 ? symbol : nil)
        case 89..<93:
            let asset = rng.next() % 2 == 0 ? "USDT" : "BTC"
            let amount = Int64(rng.next() % 5_000) * 1_000_000 - 100_000_000
            return rng.next() % 2 == 0
                ? .deposit(account: account, asset: asset, amount: amount)
                : .withdraw(account: account, asset: asset, amount: amount)
        case 93..<96:
            return .tick
        default:
            // Bad input: unknown symbol, off-grid numbers, negative sizes, unknown accounts.
            switch rng.next() % 4 {
            case 0: return .place(account: account, symbol: "NOPE", order: randomSpec(&rng))
            case 1: return .place(account: account, symbol: symbol, order: .limit(.buy, price: Self.mid, quantity: 150))
            case 2: return .place(account: account, symbol: symbol, order: .limit(.sell, price: Self.mid, quantity: -100))
            default: return .place(account: AccountID(7), symbol: symbol, order: randomSpec(&rng))
            }
        }
    }

    /// The mid price: 20,000.00 in a market with a price scale of 2.
    public static let mid: Int64 = 2_000_000

    func price(_ rng: inout SeededGenerator) -> Int64 { Self.mid + (Int64(rng.next() % 401) - 200) * 500 }
    func size(_ rng: inout SeededGenerator) -> Int64 { Int64(rng.next() % 5_000 + 1) * 100 }

    mutating func limit(_ rng: inout SeededGenerator, side: Side) -> OrderSpec {
        clientCounter += 1
        return OrderSpec(
            clientOrderID: rng.next() % 4 == 0 ? "c\(clientCounter % 50)" : nil, side: side, type: .limit,
            price: Price(price(&rng)), quantity: Quantity(size(&rng)))
    }

    mutating func randomSpec(_ rng: inout SeededGenerator) -> OrderSpec {
        let side: Side = rng.next() % 2 == 0 ? .buy : .sell
        var spec = limit(&rng, side: side)
        switch rng.next() % 10 {
        case 0: spec.timeInForce = .ioc
        case 1: spec.timeInForce = .fok
        case 2: spec.postOnly = true
        case 3: spec.timeInForce = .gtd(expiresAt: 1_000 + Int64(rng.next() % 20_000))
        case 4: spec.displayQuantity = Quantity(100)
        case 5: spec.selfTradePrevention = SelfTradePrevention.allCases[Int(rng.next() % 4)]
        case 6:
            spec.type = rng.next() % 2 == 0 ? .stopLimit : .takeProfitLimit
            spec.triggerPrice = Price(price(&rng))
        default: break
        }
        return spec
    }

    func marketSpec(_ rng: inout SeededGenerator) -> OrderSpec {
        let side: Side = rng.next() % 2 == 0 ? .buy : .sell
        switch rng.next() % 4 {
        case 0 where side == .buy:
            return OrderSpec(side: .buy, type: .market, quoteAmount: Int64(rng.next() % 50_000 + 1) * 100_000_000)
        case 1:
            return OrderSpec(side: side, type: rng.next() % 2 == 0 ? .stopMarket : .takeProfitMarket, triggerPrice: Price(price(&rng)), quantity: Quantity(size(&rng)))
        case 2:
            return OrderSpec(side: side, type: .market, price: Price(price(&rng)), quantity: Quantity(size(&rng)))
        default:
            return OrderSpec(side: side, type: .market, quantity: Quantity(size(&rng)))
        }
    }
}
