import BourseCore
import Testing
import Trading

@Suite("PositionLedger")
struct PositionLedgerTests {
    static func fill(
        _ venue: String, _ side: Side, _ price: Int64, _ quantity: Int64, fee: Int64 = 0, id: String
    ) -> Fill {
        Fill(venue: venue, side: side, price: Price(price), quantity: Quantity(quantity), fee: fee, tradeID: id)
    }

    @Test("long 3 then sell 5 closes 3 realising P&L and opens short 2 at the fill price (by hand)")
    func crossThroughZero() throws {
        var ledger = PositionLedger()
        #expect(try ledger.apply(Self.fill("A", .buy, 100, 3, fee: 5, id: "1")))
        #expect(ledger.position == 3)
        #expect(ledger.total.costBasis == 300)
        #expect(try ledger.apply(Self.fill("A", .sell, 110, 5, fee: 7, id: "2")))
        // Closing 3: 3 × (110 − 100) = 30, minus fees 5 + 7.
        #expect(ledger.realised == 18)
        #expect(ledger.total.fees == 12)
        #expect(ledger.position == -2)
        #expect(ledger.total.costBasis == -220, "short 2 at 110")
        // At 105 the short earns 2 × (110 − 105) = 10.
        #expect(ledger.unrealised(mark: Price(105)) == 10)
        #expect(ledger.total(mark: Price(105)) == 28)
        // Cash flow −300 + 550 − 12 = 238, plus −2 × 105 = 28.
        #expect(try ledger.apply(Self.fill("A", .buy, 100, 2, id: "3")))
        #expect(ledger.position == 0)
        #expect(ledger.total.costBasis == 0)
        #expect(ledger.realised == 38, "the short made 2 × 10")
        #expect(ledger.unrealised(mark: Price(1)) == 0)
        #expect(ledger.positions["A"] == ledger.total)
    }

    @Test("partial closes release the exact share of the basis; the remainder is realised at the close")
    func partialCloses() throws {
        var ledger = PositionLedger()
        for (index, price) in [Int64(100), 100, 101].enumerated() {
            try ledger.apply(Self.fill("A", .buy, price, 1, id: "b\(index)"))
        }
        #expect(ledger.total.costBasis == 301)
        try ledger.apply(Self.fill("A", .sell, 100, 1, id: "s1"))
        // 301 / 3 = 100.33…: 100 released, 201 stays for the 2 left.
        #expect(ledger.realised == 0)
        #expect(ledger.total.costBasis == 201)
        try ledger.apply(Self.fill("A", .sell, 100, 2, id: "s2"))
        #expect(ledger.realised == -1, "exactly the cash flow −301 + 300")
        #expect(ledger.total.costBasis == 0)
    }

    @Test("a trade id seen before on the venue is ignored; the same id on another venue is not")
    func duplicates() throws {
        var ledger = PositionLedger()
        let fill = Self.fill("A", .buy, 100, 3, fee: 1, id: "t-1")
        #expect(try ledger.apply(fill))
        let before = (ledger.positions, ledger.total)
        #expect(try !ledger.apply(fill))
        #expect(try !ledger.apply(Self.fill("A", .sell, 999, 7, id: "t-1")), "the id decides, not the content")
        #expect(ledger.positions == before.0 && ledger.total == before.1)
        #expect(ledger.total.fillCount == 1)
        #expect(ledger.contains(tradeID: "t-1", venue: "A"))
        #expect(!ledger.contains(tradeID: "t-1", venue: "B"))
        #expect(try ledger.apply(Self.fill("B", .buy, 100, 3, id: "t-1")))
        #expect(ledger.position == 6)
    }

    @Test("invalid fills are refused and change nothing, not even the seen trade ids")
    func invalid() throws {
        var ledger = PositionLedger()
        for bad in [
            Self.fill("A", .buy, 0, 1, id: "x"), Self.fill("A", .buy, 100, 0, id: "x"),
            Self.fill("A", .buy, -5, 1, id: "x"), Self.fill("", .buy, 100, 1, id: "x"),
            Self.fill("A", .buy, 100, 1, id: ""),
        ] {
            #expect(throws: TradingError.self) { try ledger.apply(bad) }
        }
        #expect(ledger.positions.isEmpty)
        try ledger.apply(Self.fill("A", .buy, 1, Int64.max, id: "big"))
        do {
            try ledger.apply(Self.fill("A", .buy, 1, 1, id: "more"))
            Issue.record("an overflowing position must be refused")
        } catch {
            #expect(error.code == .overflow)
        }
        #expect(ledger.position == Int64.max)
        #expect(!ledger.contains(tradeID: "more", venue: "A"))
        #expect(try ledger.apply(Self.fill("A", .sell, 1, 1, id: "more")), "the refused id is still free")
    }
}
