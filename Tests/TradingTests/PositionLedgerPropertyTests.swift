import BourseCore
import Testing
import Trading

@Suite("PositionLedger against cash-flow accounting")
struct PositionLedgerPropertyTests {
    /// The independent model: no average cost at all, only cash and size per venue.
    struct CashModel {
        var cash: [String: Int128] = [:]
        var size: [String: Int64] = [:]
        var seen: Set<String> = []

        mutating func apply(_ fill: Fill) {
            guard seen.insert("\(fill.venue)|\(fill.tradeID)").inserted else { return }
            let notional = Int128(fill.price.rawValue) * Int128(fill.quantity.rawValue)
            cash[fill.venue, default: 0] += (fill.side == .buy ? -notional : notional) - Int128(fill.fee)
            size[fill.venue, default: 0] += fill.side == .buy ? fill.quantity.rawValue : -fill.quantity.rawValue
        }

        func value(_ venue: String, mark: Int64) -> Int128 {
            (cash[venue] ?? 0) + Int128(size[venue] ?? 0) * Int128(mark)
        }
    }

    @Test(
        "total P&L equals cash flow plus position × mark, per venue and in total, on random fill streams",
        arguments: [UInt64(1), 2, 3, 4, 5, 6])
    func conservation(seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        let venues = ["binance", "kraken", "okx"]
        var ledger = PositionLedger()
        var model = CashModel()
        var sent: [Fill] = []
        var price: Int64 = 2_000_000
        var flatChecks = 0
        for step in 0..<2_000 {
            let fill: Fill
            if !sent.isEmpty && Int.random(in: 0..<10, using: &generator) == 0 {
                fill = sent[Int.random(in: 0..<sent.count, using: &generator)]  // a replayed fill
            } else {
                price = max(1, price + Int64.random(in: -5_000...5_000, using: &generator))
                let venue = venues[Int.random(in: 0..<venues.count, using: &generator)]
                // Sometimes close the venue's position exactly, so flat venues are checked too.
                let open = ledger.positions[venue]?.position ?? 0
                let closing = open != 0 && Int.random(in: 0..<8, using: &generator) == 0
                let side: Side = closing ? (open > 0 ? .sell : .buy) : (Bool.random(using: &generator) ? .buy : .sell)
                let quantity = closing ? open.magnitude : UInt64.random(in: 1...1_000_000, using: &generator)
                fill = Fill(
                    venue: venue, side: side, price: Price(price), quantity: Quantity(Int64(quantity)),
                    fee: Int64.random(in: -100...10_000, using: &generator), tradeID: "\(step)")
                sent.append(fill)
            }
            let isNew = !ledger.contains(tradeID: fill.tradeID, venue: fill.venue)
            #expect(try ledger.apply(fill) == isNew)
            model.apply(fill)

            let marks = [price, 1, price * 3]
            for mark in marks {
                let expected = venues.reduce(Int128(0)) { $0 + model.value($1, mark: mark) }
                #expect(ledger.total(mark: Price(mark)) == expected, "step \(step) mark \(mark)")
                #expect(ledger.realised + ledger.unrealised(mark: Price(mark)) == expected)
                let sumOfVenues = ledger.positions.values.reduce(Int128(0)) { $0 + $1.total(mark: Price(mark)) }
                #expect(sumOfVenues == expected, "step \(step): per-venue totals add up")
            }
            #expect(ledger.position == venues.reduce(0) { $0 + (model.size[$1] ?? 0) })
            #expect(ledger.positions.values.reduce(0) { $0 + $1.position } == ledger.position)
            for venue in venues {
                let position = ledger.positions[venue] ?? VenuePosition()
                #expect(position.position == model.size[venue] ?? 0, "step \(step) \(venue)")
                #expect(position.total(mark: Price(price)) == model.value(venue, mark: price))
                // Average cost: the basis has the position's sign and lies within the traded prices' range.
                #expect(position.costBasis.signum() == Int128(position.position.signum()))
                if position.position == 0 {
                    #expect(position.realised == model.cash[venue] ?? 0, "flat: realised is the whole cash flow")
                    flatChecks += 1
                }
            }
            if ledger.total.position == 0 {
                #expect(ledger.realised == venues.reduce(Int128(0)) { $0 + (model.cash[$1] ?? 0) })
            }
        }
        #expect(ledger.total.fillCount == model.seen.count)
        #expect(flatChecks > 50, "flat venues were checked (\(flatChecks))")
    }
}
