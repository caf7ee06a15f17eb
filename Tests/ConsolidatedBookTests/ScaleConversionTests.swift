import BourseCore
import OrderBook
import Testing

@testable import ConsolidatedBook

@Suite("Scale conversion")
struct ScaleConversionTests {
    @Test("the converter multiplies up with an overflow check and divides down only when exact")
    func converter() throws {
        let up = ScaleConverter(from: 2, to: 8)
        #expect(try up.convert(2_681_888) == 26_818_880_000_00)
        #expect(throws: ScaleConverter.Failure.overflow) { try up.convert(Int64.max / 100) }
        let down = ScaleConverter(from: 10, to: 8)
        #expect(try down.convert(268_188_800_000_000) == 2_681_888_000_000)
        #expect(throws: ScaleConverter.Failure.inexact) { try down.convert(268_188_800_000_001) }
        #expect(try down.convert(-300) == -3)
        #expect(try ScaleConverter(from: 5, to: 5).convert(Int64.max) == Int64.max)
    }

    /// Book at price 8 / size 8; bitmex prices at 10, sizes at 0; coinbase prices at 2, sizes at 10.
    func book() throws -> ConsolidatedBook {
        try ConsolidatedBook(
            symbol: "BTC/USD", scales: Build.scales(8, 8),
            venues: [Build.venue("bitmex", 10, 0), Build.venue("coinbase", 2, 10)])
    }

    @Test("values at other scales are converted exactly")
    func exactConversion() throws {
        var book = try book()
        // bitmex 26818.5 (scale 10) x 3 contracts; coinbase 26818.50 (scale 2) x 0.25 (scale 10).
        try book.update(VenueID(0), health: .live(), book: Build.book(bids: [(268_185_000_000_000, 3)]))
        try book.update(VenueID(1), health: .live(), book: Build.book(bids: [(2_681_850, 2_500_000_000)]))
        #expect(book.describeTop(.buy, 1) == ["26818.5 3.25 [bitmex=3,coinbase=0.25]"])
        #expect(
            book.levels(of: VenueID(0), .buy) == [
                L2Level(price: Price(2_681_850_000_000), quantity: Quantity(300_000_000))
            ])
    }

    @Test("an inexact price is refused and withdraws the venue until a good book arrives")
    func inexactPrice() throws {
        var book = try book()
        try book.update(VenueID(0), health: .live(), book: Build.book(bids: [(268_185_000_000_000, 3)]))
        let error = #expect(throws: ConsolidatedBookError.self) {
            // 26818.5000000001 has 10 significant decimals; the book keeps 8.
            try book.update(VenueID(0), health: .live(), book: Build.book(bids: [(268_185_000_000_001, 3)]))
        }
        #expect(error?.code == .inexactPrice && error?.venue == "bitmex")
        #expect(error?.message.contains("26818.5000000001") == true)
        #expect(book.isEmpty, "no phantom liquidity: the old bitmex book is gone")
        let status = try #require(book.status(of: VenueID(0)))
        #expect(status.isLive && !status.isIncluded && status.lastError?.code == .inexactPrice)
        try book.update(VenueID(0), health: .live(), book: Build.book(bids: [(268_186_000_000_000, 1)]))
        #expect(book.describeTop(.buy, 1) == ["26818.6 1 [bitmex=1]"])
        #expect(book.status(of: VenueID(0))?.lastError == nil)
        #expect(book.checkInvariants() == nil)
    }

    @Test("an inexact size is refused with its own code")
    func inexactSize() throws {
        var book = try book()
        let error = #expect(throws: ConsolidatedBookError.self) {
            try book.update(VenueID(1), health: .live(), book: Build.book(asks: [(2_681_850, 1)]))  // 1e-10
        }
        #expect(error?.code == .inexactSize && error?.venue == "coinbase")
    }

    @Test("values too large for the book are refused as overflow")
    func overflow() throws {
        var book = try book()
        var error = #expect(throws: ConsolidatedBookError.self) {
            // 10^11 contracts at size scale 0 is 10^19 at scale 8: more than Int64 holds.
            try book.update(
                VenueID(0), health: .live(), book: Build.book(asks: [(268_185_000_000_000, 100_000_000_000)]))
        }
        #expect(error?.code == .overflow)
        error = #expect(throws: ConsolidatedBookError.self) {
            // 2 * 10^9 contracts fit Int64 at scale 8 but exceed what one venue may show at one price.
            try book.update(VenueID(0), health: .live(), book: Build.book(asks: [(268_185_000_000_000, 2_000_000_000)]))
        }
        #expect(error?.code == .overflow)
        #expect(Int64.max / ConsolidatedBook.maximumLevelSize >= Int64(ConsolidatedBook.maximumVenues))
    }

    @Test("a non-positive price is refused")
    func nonPositive() throws {
        var book = try book()
        let error = #expect(throws: ConsolidatedBookError.self) {
            try book.update(VenueID(0), health: .live(), book: Build.book(bids: [(0, 1)]))
        }
        #expect(error?.code == .nonPositivePrice)
    }

    @Test("a venue crossed on its own is refused and withdrawn; crosses only exist between venues")
    func venueCrossed() throws {
        var book = try book()
        let one: Int64 = 10_000_000_000  // 1 at coinbase's size scale 10
        try book.update(
            VenueID(1), health: .live(), book: Build.book(bids: [(2_681_800, one)], asks: [(2_681_900, one)]))
        #expect(!book.isEmpty)
        let error = #expect(throws: ConsolidatedBookError.self) {
            try book.update(
                VenueID(1), health: .live(), book: Build.book(bids: [(2_681_900, one)], asks: [(2_681_900, one)]))
        }
        #expect(error?.code == .venueBookCrossed)
        #expect(book.isEmpty)
    }
}
