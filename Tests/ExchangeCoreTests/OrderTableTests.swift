import BourseCore
import ExchangeCore
import MatchingEngine
import Testing

@Suite("Order table")
struct OrderTableTests {
    /// A real record to vary (records have no public initialiser).
    static func sample() -> OrderRecord {
        let x = ExchangeFixture()
        let id = x.place(x.alice, .limit(.buy, price: px(20_000), quantity: oneBTC / 2))
        return x.state.orders[id]!
    }

    @Test("random sets, changes and removals agree with a dictionary: lookups, count, ascending records")
    func againstDictionary() {
        let base = Self.sample()
        var rng = SeededGenerator(seed: 11)
        var table = OrderTable()
        var reference: [OrderID: OrderRecord] = [:]
        var nextID: UInt64 = 1
        for step in 0..<40_000 {
            switch rng.next() % 10 {
            case 0...5:  // a new order: ids are handed out in order, sometimes skipping (refused commands)
                nextID += rng.next() % 4 == 0 ? 2 : 1
                var record = base
                record.id = OrderID(nextID)
                record.filledNotional = Int64(step)
                table[record.id] = record
                reference[record.id] = record
            case 6...8:  // a change in place through the subscript, as the state does
                let id = OrderID(1 + rng.next() % nextID)
                table[id]?.filledNotional += 7
                reference[id]?.filledNotional += 7
            default:  // a removal (the state never removes; the table must still count right)
                let id = OrderID(1 + rng.next() % nextID)
                table[id] = nil
                reference[id] = nil
            }
            if step % 997 == 0 {
                #expect(table.count == reference.count)
                let probe = OrderID(rng.next() % (nextID + 10))
                #expect(table[probe] == reference[probe])
            }
        }
        #expect(table.count == reference.count)
        #expect(table.records == reference.keys.sorted().map { reference[$0]! })
        var walked: [OrderID] = []
        table.forEach { walked.append($0.id) }
        #expect(walked == reference.keys.sorted())
        for raw in 0...(nextID + 5) { #expect(table[OrderID(raw)] == reference[OrderID(raw)]) }
    }

    @Test("a copy is independent: writes after the copy change one table only (a snapshot's image stays as taken)")
    func copyOnWrite() {
        var record = Self.sample()
        var table = OrderTable()
        for raw in 1...10_000 as ClosedRange<UInt64> {
            record.id = OrderID(raw)
            table[record.id] = record
        }
        let image = table
        table[OrderID(9_999)]!.filledNotional = -1
        record.id = OrderID(10_001)
        table[record.id] = record
        #expect(image.count == 10_000)
        #expect(image[OrderID(9_999)]?.filledNotional == Self.sample().filledNotional)
        #expect(image[OrderID(10_001)] == nil)
        #expect(table.count == 10_001)
        #expect(table[OrderID(9_999)]?.filledNotional == -1)
        #expect(table != image)
    }

    @Test("id 0 is never stored; a stray huge id is kept aside, found again and listed in order")
    func edges() {
        var table = OrderTable()
        #expect(table[OrderID(0)] == nil)
        var record = Self.sample()
        for raw in [UInt64.max, 3, 1, 1_000_000_000_000, 2] {
            record.id = OrderID(raw)
            table[record.id] = record
        }
        #expect(table.count == 5)
        #expect(table[OrderID(UInt64.max)]?.id == OrderID(UInt64.max))
        #expect(table[OrderID(1_000_000_000_000)]?.id == OrderID(1_000_000_000_000))
        #expect(table.records.map(\.id.rawValue) == [1, 2, 3, 1_000_000_000_000, UInt64.max])
        table[OrderID(UInt64.max)]!.filledNotional = 42
        #expect(table[OrderID(UInt64.max)]?.filledNotional == 42)
        table[OrderID(UInt64.max)] = nil
        table[OrderID(2)] = nil
        #expect(table.count == 3)
        #expect(table.records.map(\.id.rawValue) == [1, 3, 1_000_000_000_000])
    }
}
