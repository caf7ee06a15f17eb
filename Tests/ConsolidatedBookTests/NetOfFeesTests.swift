import BourseCore
import OrderBook
import Testing

@testable import ConsolidatedBook

@Suite("Prices net of fees")
struct NetOfFeesTests {
    let s = Build.scales(2, 8)

    @Test("net rows reorder venues by what a taker really pays or receives")
    func reorder() throws {
        var book = try ConsolidatedBook(
            symbol: "BTC/USD", scales: s,
            venues: [
                Build.venue("expensive", 2, 8, fee: 50), Build.venue("cheap", 2, 8, fee: 0),
                Build.venue("also-cheap", 2, 8, fee: 0),
            ])
        try book.update(
            VenueID(0), health: .live(),
            book: try Build.book(s, bids: [("100.00", "1")], asks: [("100.10", "1"), ("100.20", "1")]))
        try book.update(
            VenueID(1), health: .live(), book: try Build.book(s, bids: [("99.80", "2")], asks: [("100.30", "1")]))
        try book.update(
            VenueID(2), health: .live(), book: try Build.book(s, bids: [("99.80", "3")], asks: [("100.30", "1")]))
        #expect(book.describeRows(.sell, 3) == ["expensive@100.1:1", "expensive@100.2:1", "also-cheap@100.3:1"])
        let asks = book.netRows(.sell, 10).map { "\($0.venueName)@\($0.price):\($0.netPrice)" }
        // 100.10 × 1.005 = 100.6005, 100.20 × 1.005 = 100.701, 100.30 × 1 = 100.3
        #expect(
            asks == [
                "also-cheap@10030:100.3", "cheap@10030:100.3", "expensive@10010:100.6005", "expensive@10020:100.701",
            ])
        let bids = book.netRows(.buy, 10).map { "\($0.venueName)@\($0.netPrice)×\($0.quantity)" }
        // 100 × 0.995 = 99.5 < 99.8: the cheap venues' bids win; equal net price -> larger size first.
        #expect(bids == ["also-cheap@99.8×300000000", "cheap@99.8×200000000", "expensive@99.5×100000000"])
        #expect(book.netRows(.buy, 1).first?.takerFeeBasisPoints == 0)
        #expect(book.netPrice(Price(10_000), side: .buy, venue: VenueID(0))?.description == "99.5")
        #expect(book.netPrice(Price(10_000), side: .sell, venue: VenueID(0))?.description == "100.5")
        #expect(book.netPrice(Price(10_000), side: .sell, venue: VenueID(9)) == nil)
        #expect(book.netScale == 6)
    }

    @Test("net prices stay exact where 64 bits would overflow")
    func wide() throws {
        var book = try ConsolidatedBook(
            symbol: "BTC/USD", scales: Build.scales(10, 0), venues: [Build.venue("bitmex", 10, 0, fee: 7)])
        // 987654.3210987654 at scale 10 is ~9.9e15; times 10 007 is ~9.9e19 > Int64.max.
        try book.update(VenueID(0), health: .live(), book: Build.book(asks: [(9_876_543_210_987_654, 1)]))
        let row = try #require(book.netRows(.sell, 1).first)
        #expect(row.netPrice.description == "988345.67912353453578")
        #expect(row.netPrice.scale == 14)
    }
}
