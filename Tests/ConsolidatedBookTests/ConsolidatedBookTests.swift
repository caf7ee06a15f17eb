import BourseCore
import OrderBook
import Testing

@testable import ConsolidatedBook

@Suite("ConsolidatedBook")
struct ConsolidatedBookTests {
    let s = Build.scales(8, 8)

    /// binance (id 0), coinbase (id 1), bitstamp (id 2), all at the book's scales.
    func threeVenues(depth: Int? = nil) throws -> ConsolidatedBook {
        try ConsolidatedBook(
            symbol: "BTC/USDT", scales: s,
            venues: [Build.venue("binance", 8, 8), Build.venue("coinbase", 8, 8), Build.venue("bitstamp", 8, 8)],
            depthPerVenue: depth)
    }

    @Test("every level keeps its origin: per-venue sizes and their total")
    func origin() throws {
        var book = try threeVenues()
        try book.update(
            VenueID(0), health: .live(),
            book: try Build.book(s, bids: [("100", "1"), ("99", "2")], asks: [("101", "3")]))
        try book.update(
            VenueID(1), health: .live(),
            book: try Build.book(s, bids: [("100", "4")], asks: [("101", "0.5"), ("102", "1")]))
        #expect(book.describeTop(.buy, 5) == ["100 5 [coinbase=4,binance=1]", "99 2 [binance=2]"])
        #expect(book.describeTop(.sell, 5) == ["101 3.5 [binance=3,coinbase=0.5]", "102 1 [coinbase=1]"])
        #expect(book.quantity(.buy, at: Price(100_00000000)) == Quantity(5_00000000))
        #expect(book.quantity(.buy, at: Price(100_00000000), venue: VenueID(1)) == Quantity(4_00000000))
        #expect(book.quantity(.buy, at: Price(100_00000000), venue: VenueID(2)) == .zero)
        #expect(book.count(.buy) == 2 && book.count(.sell) == 2)
        #expect(book.bestBid?.total == Quantity(5_00000000))
        #expect(book.top(.buy, 1) == [try #require(book.bestBid)])
        #expect(book.top(.buy, 0).isEmpty && book.top(.buy, -3).isEmpty && book.rows(.buy, 0).isEmpty)
        #expect(book.checkInvariants() == nil)
    }

    @Test("rows: price best first, then larger size, then venue name")
    func rowOrder() throws {
        var book = try threeVenues()
        // Equal prices on all three venues; bitstamp and binance also have equal sizes.
        try book.update(
            VenueID(0), health: .live(),
            book: try Build.book(s, bids: [("100", "2"), ("98", "1")], asks: [("103", "1")]))
        try book.update(
            VenueID(1), health: .live(),
            book: try Build.book(s, bids: [("100", "5")], asks: [("103", "1"), ("104", "9")]))
        try book.update(
            VenueID(2), health: .live(),
            book: try Build.book(s, bids: [("100", "2"), ("99", "7")], asks: [("103", "1")]))
        #expect(
            book.describeRows(.buy, 10) == [
                "coinbase@100:5", "binance@100:2", "bitstamp@100:2", "bitstamp@99:7", "binance@98:1",
            ])
        #expect(
            book.describeRows(.sell, 10) == ["binance@103:1", "bitstamp@103:1", "coinbase@103:1", "coinbase@104:9"])
        #expect(book.describeRows(.buy, 2) == ["coinbase@100:5", "binance@100:2"], "n cuts inside a level")
        #expect(book.describeTop(.buy, 1) == ["100 9 [coinbase=5,binance=2,bitstamp=2]"])
    }

    @Test("a level that vanishes on one venue stays with the other venue's size")
    func vanishOnOneVenue() throws {
        var book = try threeVenues()
        try book.update(VenueID(0), health: .live(), book: try Build.book(s, bids: [("100", "1"), ("99", "1")]))
        try book.update(VenueID(1), health: .live(), book: try Build.book(s, bids: [("100", "2")]))
        try book.update(VenueID(0), health: .live(), book: try Build.book(s, bids: [("99", "1")]))
        #expect(book.describeTop(.buy, 5) == ["100 2 [coinbase=2]", "99 1 [binance=1]"])
        try book.update(VenueID(1), health: .live(), book: L2Book())
        #expect(book.describeTop(.buy, 5) == ["99 1 [binance=1]"], "the level goes when its last venue drops it")
        #expect(book.status(of: VenueID(1))?.isIncluded == true, "a live venue with an empty book is still included")
        #expect(book.checkInvariants() == nil)
    }

    @Test("a venue reconnecting with a different book replaces all its old levels")
    func reconnectReplaces() throws {
        var book = try threeVenues()
        try book.update(
            VenueID(0), health: .live(),
            book: try Build.book(s, bids: [("100", "1"), ("99", "1"), ("98", "1")], asks: [("101", "1")]))
        try book.update(VenueID(1), health: .live(), book: try Build.book(s, bids: [("99", "3")], asks: [("102", "1")]))
        try book.update(VenueID(0), health: .notLive(), book: L2Book())
        try book.update(VenueID(0), health: .notLive(), book: L2Book())
        // Reconnected: a different book (prices moved), nothing of the old one may remain.
        let outcome = try book.update(
            VenueID(0), health: .live(), book: try Build.book(s, bids: [("97", "2")], asks: [("100.5", "1")]))
        #expect(outcome.changedEntries == 2)
        #expect(book.describeTop(.buy, 5) == ["99 3 [coinbase=3]", "97 2 [binance=2]"])
        #expect(book.describeTop(.sell, 5) == ["100.5 1 [binance=1]", "102 1 [coinbase=1]"])
        // And a live venue sending a different book without a disconnect is replaced the same way.
        try book.update(VenueID(0), health: .live(), book: try Build.book(s, bids: [("99", "1")], asks: [("103", "2")]))
        #expect(book.describeTop(.buy, 5) == ["99 4 [coinbase=3,binance=1]"])
        #expect(book.describeTop(.sell, 5) == ["102 1 [coinbase=1]", "103 2 [binance=2]"])
        #expect(book.checkInvariants() == nil)
    }

    @Test("a non-live venue's levels disappear at once and come back only when it is live")
    func healthGates() throws {
        var book = try threeVenues()
        let venueBook = try Build.book(s, bids: [("100", "1")], asks: [("101", "1")])
        try book.update(VenueID(0), health: .live(), book: venueBook)
        try book.update(VenueID(1), health: .live(), book: try Build.book(s, bids: [("99", "1")], asks: [("102", "1")]))
        let outcome = try book.update(VenueID(0), health: .notLive(), book: venueBook)
        #expect(outcome == UpdateOutcome(changedEntries: 2, bestChanged: true))
        #expect(book.describeTop(.buy, 5) == ["99 1 [coinbase=1]"], "the book passed with a non-live state is ignored")
        #expect(book.status(of: VenueID(0))?.isIncluded == false)
        #expect(book.status(of: VenueID(0))?.isLive == false)
        try book.withdraw(VenueID(1))
        #expect(book.isEmpty)
        try book.update(VenueID(0), health: .live(), book: venueBook)
        #expect(book.describeTop(.buy, 5) == ["100 1 [binance=1]"])
        #expect(book.status(of: VenueID(0))?.isIncluded == true)
        #expect(book.checkInvariants() == nil)
    }

    @Test("all venues down: empty sides, no best, no spread, no crosses")
    func allDown() throws {
        var book = try threeVenues()
        #expect(book.isEmpty && book.spread == nil && book.bestBid == nil && book.crosses().isEmpty)
        try book.update(
            VenueID(0), health: .live(), book: try Build.book(s, bids: [("102", "1")], asks: [("103", "1")]))
        try book.update(
            VenueID(1), health: .live(), book: try Build.book(s, bids: [("100", "1")], asks: [("101", "1")]))
        #expect(!book.crosses().isEmpty)
        for venue in 0..<3 { try book.withdraw(VenueID(venue)) }
        #expect(book.isEmpty)
        #expect(book.spread == nil && !book.isCrossed)
        #expect(book.bestBid == nil && book.bestAsk == nil)
        #expect(book.top(.buy, 10).isEmpty && book.rows(.sell, 10).isEmpty && book.netRows(.buy, 10).isEmpty)
        #expect(book.crosses().isEmpty)
        #expect(book.checkInvariants() == nil)
    }

    @Test("an empty side gives no spread and an empty read, the other side still reads")
    func emptySide() throws {
        var book = try threeVenues()
        try book.update(VenueID(0), health: .live(), book: try Build.book(s, bids: [("100", "1")]))
        #expect(book.spread == nil && book.bestAsk == nil && !book.isCrossed)
        #expect(book.top(.sell, 3).isEmpty && book.rows(.sell, 3).isEmpty)
        #expect(book.describeTop(.buy, 3) == ["100 1 [binance=1]"])
    }

    @Test("spread is exact over the live venues whatever their scales")
    func spreadAcrossScales() throws {
        var book = try ConsolidatedBook(
            symbol: "BTC/USD", scales: Build.scales(10, 8),
            venues: [Build.venue("bitmex", 10, 0), Build.venue("coinbase", 2, 8)])
        // bitmex: 26818.0000000001 bid at scale 10; coinbase ask 26818.01 at scale 2.
        try book.update(
            VenueID(0), health: .live(),
            book: Build.book(bids: [(268_180_000_000_001, 5)], asks: [(268_190_000_000_000, 1)]))
        try book.update(
            VenueID(1), health: .live(), book: Build.book(bids: [(2_681_700, 1)], asks: [(2_681_801, 100_000_000)]))
        #expect(book.spread == 99_999_999, "26818.01 - 26818.0000000001 = 0.0099999999")
        #expect(FixedPoint.format(try #require(book.spread), scale: 10) == "0.0099999999")
        #expect(book.bestAsk?.venues.first?.venueName == "coinbase")
        #expect(book.bestBid?.total == Quantity(5_00000000), "5 contracts at size scale 0 are 5.00000000")
        try book.withdraw(VenueID(1))
        #expect(book.spread == 9_999_999_999, "only bitmex left: 26819 - 26818.0000000001 = 0.9999999999")
    }

    @Test("update outcome: changed entries and whether the best level moved")
    func outcome() throws {
        var book = try threeVenues()
        var result = try book.update(
            VenueID(0), health: .live(),
            book: try Build.book(s, bids: [("100", "1"), ("99", "1")], asks: [("101", "1")]))
        #expect(result == UpdateOutcome(changedEntries: 3, bestChanged: true))
        result = try book.update(
            VenueID(0), health: .live(),
            book: try Build.book(s, bids: [("100", "1"), ("99", "2")], asks: [("101", "1")]))
        #expect(result == UpdateOutcome(changedEntries: 1, bestChanged: false), "only the 99 level changed")
        result = try book.update(
            VenueID(0), health: .live(),
            book: try Build.book(s, bids: [("100", "1"), ("99", "2")], asks: [("101", "1")]))
        #expect(result == UpdateOutcome(changedEntries: 0, bestChanged: false), "the same book changes nothing")
        result = try book.update(VenueID(1), health: .live(), book: try Build.book(s, bids: [("100", "1")]))
        #expect(result == UpdateOutcome(changedEntries: 1, bestChanged: true), "the best total grew")
    }

    @Test("out-of-order live updates are refused and change nothing; non-live ones always apply")
    func outOfOrder() throws {
        var book = try threeVenues()
        try book.update(VenueID(0), health: .live(exchangeTime: 2_000), book: try Build.book(s, bids: [("100", "1")]))
        let error = #expect(throws: ConsolidatedBookError.self) {
            try book.update(
                VenueID(0), health: .live(exchangeTime: 1_000), book: try Build.book(s, bids: [("90", "1")]))
        }
        #expect(error?.code == .outOfOrder && error?.venue == "binance")
        #expect(book.describeTop(.buy, 5) == ["100 1 [binance=1]"])
        try book.update(VenueID(0), health: .live(), book: try Build.book(s, bids: [("95", "1")]))
        #expect(book.describeTop(.buy, 5) == ["95 1 [binance=1]"], "exchange time 0 skips the check")
        try book.update(VenueID(0), health: .notLive(exchangeTime: 1_500), book: L2Book())
        #expect(book.isEmpty, "withdrawing is always safe, even out of order")
        #expect(book.status(of: VenueID(0))?.lastExchangeTime == 2_000)
    }

    @Test("depth per venue keeps each venue's best k levels per side")
    func depthLimit() throws {
        var book = try threeVenues(depth: 2)
        try book.update(
            VenueID(0), health: .live(),
            book: try Build.book(
                s, bids: [("100", "1"), ("99", "1"), ("98", "1")], asks: [("101", "1"), ("102", "1"), ("103", "1")]))
        #expect(book.describeTop(.buy, 5) == ["100 1 [binance=1]", "99 1 [binance=1]"])
        #expect(book.describeTop(.sell, 5) == ["101 1 [binance=1]", "102 1 [binance=1]"])
        #expect(book.status(of: VenueID(0))?.bidLevels == 2)
        // Levels deeper than k are never read, so a value there that could not be shown exactly is no error.
        try book.update(
            VenueID(0), health: .live(), book: Build.book(bids: [(100_00000000, 1), (99_00000000, 1), (-5, 1)]))
        #expect(book.count(.buy) == 2)
    }

    @Test("configuration errors have stable codes")
    func configurationErrors() throws {
        #expect(throws: ConsolidatedBookError(.invalidScale, "scales (price 19, size 0) must both be in 0...18")) {
            try BookScales(price: 19, size: 0)
        }
        #expect(
            (#expect(throws: ConsolidatedBookError.self) { try BookScales(price: 2, size: -1) })?.code == .invalidScale)
        #expect(
            (#expect(throws: ConsolidatedBookError.self) {
                try VenueConfig(name: "x", scales: s, takerFeeBasisPoints: 10_000)
            })?.code == .invalidFee)
        #expect(
            (#expect(throws: ConsolidatedBookError.self) {
                try VenueConfig(name: "x", scales: s, takerFeeBasisPoints: -1)
            })?.code == .invalidFee)
        #expect(
            (#expect(throws: ConsolidatedBookError.self) {
                try ConsolidatedBook(symbol: "X", scales: s, depthPerVenue: 0)
            })?.code == .invalidDepth)
        #expect(
            (#expect(throws: ConsolidatedBookError.self) {
                try ConsolidatedBook(symbol: "X", scales: s, venues: [Build.venue("a", 8, 8), Build.venue("a", 2, 2)])
            })?.code == .duplicateVenue)
        var book = try ConsolidatedBook(symbol: "X", scales: s)
        for index in 0..<ConsolidatedBook.maximumVenues { try book.addVenue(Build.venue("v\(index)", 8, 8)) }
        #expect(
            (#expect(throws: ConsolidatedBookError.self) { try book.addVenue(Build.venue("one-more", 8, 8)) })?.code
                == .tooManyVenues)
        let small = try ConsolidatedBook(symbol: "X", scales: s, venues: [Build.venue("a", 8, 8)])
        var copy = small
        #expect(
            (#expect(throws: ConsolidatedBookError.self) {
                try copy.update(VenueID(1), health: .live(), book: L2Book())
            })?.code == .unknownVenue)
        #expect(small.status(of: VenueID(5)) == nil && small.venueID(named: "a") == VenueID(0))
        #expect(small.venueID(named: "b") == nil)
    }

    @Test("a venue added later keeps the existing levels and joins the ordering by name")
    func addVenueLater() throws {
        var book = try ConsolidatedBook(symbol: "X", scales: s, venues: [Build.venue("kraken", 8, 8)])
        try book.update(VenueID(0), health: .live(), book: try Build.book(s, bids: [("100", "1"), ("99", "2")]))
        let okx = try book.addVenue(Build.venue("okx", 8, 8))
        let bitstamp = try book.addVenue(Build.venue("bitstamp", 8, 8))
        #expect(okx == VenueID(1) && bitstamp == VenueID(2))
        try book.update(okx, health: .live(), book: try Build.book(s, bids: [("100", "1")]))
        try book.update(bitstamp, health: .live(), book: try Build.book(s, bids: [("100", "1")]))
        #expect(book.describeTop(.buy, 5) == ["100 3 [bitstamp=1,kraken=1,okx=1]", "99 2 [kraken=2]"])
        #expect(book.venueStatuses.map(\.config.name) == ["kraken", "okx", "bitstamp"])
        #expect(book.checkInvariants() == nil)
    }
}
