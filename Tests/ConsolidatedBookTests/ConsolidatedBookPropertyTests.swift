import BourseCore
import OrderBook
import Testing

@testable import ConsolidatedBook

@Suite("ConsolidatedBook against a reference model")
struct ConsolidatedBookPropertyTests {
    @Test(
        "random venue updates and health changes: every answer matches the model after every step",
        arguments: [(UInt64(1), Int?.none), (2, 3), (3, nil), (4, 1), (5, nil), (6, 4), (7, nil), (8, 2)])
    func differential(seed: UInt64, depth: Int?) throws {
        let venues = RandomVenueFeed.venues
        var book = try ConsolidatedBook(
            symbol: "BTC/USD", scales: RandomVenueFeed.bookScales, venues: venues, depthPerVenue: depth)
        var model = ReferenceConsolidatedBook(scales: RandomVenueFeed.bookScales, depth: depth, venues: venues)
        var feed = RandomVenueFeed(seed: seed, faults: true)
        var refusals: [String: Int] = [:]
        for step in 0..<400 {
            let (venue, health, venueBook) = feed.next()
            let bestBefore = (model.levels(.buy).first, model.levels(.sell).first)
            let expected = model.update(venue, health: health, book: venueBook)
            var thrown: ConsolidatedBookError.Code?
            var outcome: UpdateOutcome?
            do {
                outcome = try book.update(VenueID(venue), health: health, book: venueBook)
            } catch {
                thrown = error.code
            }
            #expect(thrown == expected.error, "seed \(seed) step \(step): venue \(venue) \(health)")
            if let code = thrown { refusals[code.rawValue, default: 0] += 1 }
            if let outcome {
                let bestAfter = (model.levels(.buy).first, model.levels(.sell).first)
                #expect(outcome.changedEntries == expected.changed, "seed \(seed) step \(step)")
                #expect(
                    outcome.bestChanged == (bestBefore.0 != bestAfter.0 || bestBefore.1 != bestAfter.1),
                    "seed \(seed) step \(step)")
            }
            if !compare(book, model, "seed \(seed) step \(step)") { return }
        }
        // The faults really were exercised (a run that never refuses anything would prove little).
        #expect(refusals.count >= 4, "refusals by code: \(refusals)")
    }

    /// Checks every read against the model; returns `false` after the first mismatch to keep the log short.
    func compare(_ book: ConsolidatedBook, _ model: ReferenceConsolidatedBook, _ context: String) -> Bool {
        var ok = true
        func check(_ condition: Bool, _ what: String) {
            if !condition {
                ok = false
                Issue.record("\(context): \(what) differs")
            }
        }
        check(book.checkInvariants() == nil, "invariants: \(book.checkInvariants() ?? "")")
        for side in Side.allCases {
            let levels = model.levels(side)
            let rows = model.rows(side)
            let netRows = model.netRows(side)
            check(book.top(side, 10_000) == levels, "\(side) levels")
            check(book.top(side, 3) == Array(levels.prefix(3)), "\(side) top 3")
            check(book.rows(side, 10_000) == rows, "\(side) rows")
            check(book.rows(side, 5) == Array(rows.prefix(5)), "\(side) top 5 rows")
            check(book.netRows(side, 10_000) == netRows, "\(side) net rows")
            check(book.netRows(side, 4) == Array(netRows.prefix(4)), "\(side) top 4 net rows")
            check(book.count(side) == levels.count, "\(side) count")
            for level in levels.prefix(4) {
                check(book.quantity(side, at: level.price) == level.total, "\(side) total at \(level.price)")
                for entry in level.venues {
                    check(book.quantity(side, at: level.price, venue: entry.venue) == entry.quantity, "venue size")
                }
            }
            for (v, venue) in model.venues.enumerated() {
                let own = venue.levels(side).sorted { model.isBetter(side, $0.key, $1.key) }
                    .map { L2Level(price: Price($0.key), quantity: Quantity($0.value)) }
                check(book.levels(of: VenueID(v), side) == own, "\(side) levels of venue \(v)")
            }
        }
        check(book.bestBid == model.levels(.buy).first && book.bestAsk == model.levels(.sell).first, "best levels")
        check(
            book.spread == model.spread,
            "spread \(String(describing: book.spread)) vs \(String(describing: model.spread))")
        check(book.isCrossed == ((model.spread ?? 1) <= 0), "isCrossed")
        check(book.crosses() == model.crosses(), "crosses")
        check(book.isEmpty == (model.levels(.buy).isEmpty && model.levels(.sell).isEmpty), "isEmpty")
        for (v, venue) in model.venues.enumerated() {
            let status = book.venueStatuses[v]
            check(status.isLive == venue.isLive, "venue \(v) isLive")
            check(status.isIncluded == venue.isIncluded, "venue \(v) isIncluded")
            check(status.lastExchangeTime == venue.lastExchangeTime, "venue \(v) lastExchangeTime")
            check(status.lastError?.code == venue.lastError, "venue \(v) lastError")
            check(status.bidLevels == venue.bids.count && status.askLevels == venue.asks.count, "venue \(v) counts")
        }
        return ok
    }

    @Test(
        "with a depth limit k, every read of n <= k equals the same read of the whole books", arguments: [11, 12, 13])
    func depthLimitIsExact(seed: UInt64) throws {
        let venues = RandomVenueFeed.venues
        let k = 3
        var limited = try ConsolidatedBook(
            symbol: "BTC/USD", scales: RandomVenueFeed.bookScales, venues: venues, depthPerVenue: k)
        var whole = try ConsolidatedBook(symbol: "BTC/USD", scales: RandomVenueFeed.bookScales, venues: venues)
        var feed = RandomVenueFeed(seed: seed, faults: false)
        for step in 0..<400 {
            let (venue, health, venueBook) = feed.next()
            try limited.update(VenueID(venue), health: health, book: venueBook)
            try whole.update(VenueID(venue), health: health, book: venueBook)
            for side in Side.allCases {
                for n in 1...k {
                    #expect(limited.top(side, n) == whole.top(side, n), "seed \(seed) step \(step) \(side) top \(n)")
                    #expect(limited.rows(side, n) == whole.rows(side, n), "seed \(seed) step \(step) \(side) rows \(n)")
                    #expect(limited.netRows(side, n) == whole.netRows(side, n), "seed \(seed) step \(step) \(side) net")
                }
            }
            #expect(limited.spread == whole.spread && limited.crosses() == whole.crosses(), "seed \(seed) step \(step)")
        }
    }
}
