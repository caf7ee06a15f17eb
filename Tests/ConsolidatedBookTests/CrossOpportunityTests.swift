import BourseCore
import OrderBook
import Testing

@testable import ConsolidatedBook

@Suite("Cross-venue crosses")
struct CrossOpportunityTests {
    let s = Build.scales(2, 8)

    /// binance (fee 10 bp), coinbase (fee 60 bp), kraken (no fee), all at the book's scales.
    func book() throws -> ConsolidatedBook {
        try ConsolidatedBook(
            symbol: "BTC/USD", scales: s,
            venues: [
                Build.venue("binance", 2, 8, fee: 10), Build.venue("coinbase", 2, 8, fee: 60),
                Build.venue("kraken", 2, 8),
            ])
    }

    @Test("one venue's best bid above another's best ask is reported with venues, prices, sizes and edges")
    func reported() throws {
        var book = try book()
        try book.update(
            VenueID(0), health: .live(), book: try Build.book(s, bids: [("100.00", "1")], asks: [("100.50", "2")]))
        try book.update(
            VenueID(1), health: .live(),
            book: try Build.book(s, bids: [("101.00", "0.4"), ("100.90", "5")], asks: [("101.20", "1")]))
        #expect(book.isCrossed && book.spread == -50)
        let crosses = book.crosses()
        #expect(crosses.count == 1)
        let cross = try #require(crosses.first)
        #expect(cross.buyVenueName == "binance" && cross.buyVenue == VenueID(0))
        #expect(cross.sellVenueName == "coinbase" && cross.sellVenue == VenueID(1))
        #expect(cross.askPrice == Price(10_050) && cross.askQuantity == Quantity(200_000_000))
        #expect(cross.bidPrice == Price(10_100) && cross.bidQuantity == Quantity(40_000_000))
        #expect(cross.quantity == Quantity(40_000_000))
        #expect(cross.grossEdge == 50)
        // 101 × (1 − 0.006) − 100.5 × (1 + 0.001) = 100.394 − 100.6005 = −0.2065
        #expect(cross.netEdge.description == "-0.2065" && cross.netEdge.scale == 6)
        #expect(!cross.isProfitableNetOfFees)
        #expect(ProtocolEdge.double(cross.netEdge) == -0.2065)
    }

    @Test("crosses are ordered by net edge, then gross edge, then venue names; locked pairs included")
    func ordering() throws {
        var book = try book()
        try book.update(
            VenueID(0), health: .live(), book: try Build.book(s, bids: [("99.00", "1")], asks: [("100.00", "1")]))
        try book.update(
            VenueID(1), health: .live(), book: try Build.book(s, bids: [("102.00", "1")], asks: [("103.00", "1")]))
        try book.update(
            VenueID(2), health: .live(), book: try Build.book(s, bids: [("100.00", "1")], asks: [("101.00", "1")]))
        let pairs = book.crosses().map { "\($0.sellVenueName)>\($0.buyVenueName) \($0.grossEdge) \($0.netEdge)" }
        // coinbase bid 102 vs binance ask 100: 102×0.994 − 100×1.001 = 101.388 − 100.1 = 1.288
        // coinbase bid 102 vs kraken ask 101: 101.388 − 101 = 0.388
        // kraken bid 100 vs binance ask 100 (locked): 100 − 100.1 = −0.1
        #expect(pairs == ["coinbase>binance 200 1.288", "coinbase>kraken 100 0.388", "kraken>binance 0 -0.1"])
        #expect(book.crosses().first?.isProfitableNetOfFees == true)
        try book.withdraw(VenueID(1))
        #expect(book.crosses().map(\.sellVenueName) == ["kraken"], "a withdrawn venue's cross disappears with it")
    }

    @Test("equal net edges: the larger gross edge comes first, before venue names")
    func equalNetEdges() throws {
        var book = try ConsolidatedBook(
            symbol: "BTC/USD", scales: s,
            venues: [Build.venue("seller", 2, 8), Build.venue("zeta", 2, 8, fee: 10), Build.venue("alpha", 2, 8)])
        try book.update(
            VenueID(0), health: .live(), book: try Build.book(s, bids: [("100.20", "1")], asks: [("105", "1")]))
        // Buying at zeta: 100.20 − 100.00 × 1.001 = 0.1; at alpha: 100.20 − 100.10 = 0.1 (same net edge).
        try book.update(
            VenueID(1), health: .live(), book: try Build.book(s, bids: [("90", "1")], asks: [("100.00", "1")]))
        try book.update(
            VenueID(2), health: .live(), book: try Build.book(s, bids: [("90", "1")], asks: [("100.10", "1")]))
        let pairs = book.crosses().map { "\($0.buyVenueName) \($0.grossEdge) \($0.netEdge)" }
        #expect(pairs == ["zeta 20 0.1", "alpha 10 0.1"])
    }

    @Test("no cross between venues that do not overlap")
    func none() throws {
        var book = try book()
        try book.update(
            VenueID(0), health: .live(), book: try Build.book(s, bids: [("99.00", "1")], asks: [("100.00", "1")]))
        try book.update(
            VenueID(2), health: .live(), book: try Build.book(s, bids: [("99.50", "1")], asks: [("100.01", "1")]))
        #expect(book.crosses().isEmpty && !book.isCrossed && book.spread == 50)
    }
}
