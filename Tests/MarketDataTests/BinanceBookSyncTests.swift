import BourseCore
import MarketData
import OrderBook
import Testing

@Suite("BinanceBookSync")
struct BinanceBookSyncTests {
    func diff(_ first: Int64, _ final: Int64, pu: Int64? = nil, bid: (Int64, Int64)? = nil, ask: (Int64, Int64)? = nil)
        -> BinanceDepthUpdate
    {
        BinanceDepthUpdate(
            firstUpdateId: first, finalUpdateId: final, previousFinalUpdateId: pu,
            bids: bid.map { [L2Level(price: Price($0.0), quantity: Quantity($0.1))] } ?? [],
            asks: ask.map { [L2Level(price: Price($0.0), quantity: Quantity($0.1))] } ?? [])
    }

    func snapshot(_ id: Int64) -> BinanceDepthSnapshot {
        BinanceDepthSnapshot(
            lastUpdateId: id, bids: [L2Level(price: Price(100), quantity: Quantity(1))],
            asks: [L2Level(price: Price(110), quantity: Quantity(1))])
    }

    @Test("diffs before the snapshot are buffered; old ones dropped; the bridging one applied; then continuity")
    func bufferingAndBridging() {
        var sync = BinanceBookSync()
        let action1 = sync.handle(diff(1, 5, bid: (99, 1)))
        #expect(action1 == .fetchSnapshot)
        let action2 = sync.handle(diff(6, 9, bid: (101, 2)))
        #expect(action2 == .none)
        let action3 = sync.handle(diff(10, 12, bid: (100, 0)))
        #expect(action3 == .none)
        #expect(sync.bufferedCount == 3)
        #expect(sync.state == .awaitingSnapshot)
        let action4 = sync.handle(snapshot(7))
        #expect(action4 == .none)
        #expect(sync.state == .synced)
        #expect(sync.counters.dropped == 1, "u=5 <= 7 is dropped")
        #expect(sync.counters.applied == 2, "6...9 bridges 8, then 10 continues")
        #expect(sync.book.quantity(.buy, at: Price(99)) == .zero, "the dropped diff never reached the book")
        #expect(sync.book.quantity(.buy, at: Price(100)) == .zero, "size 0 deletes the level")
        #expect(sync.book.bestBid?.price == Price(101))
        #expect(sync.counters.lastUpdateId == 12)
        let action5 = sync.handle(diff(13, 13, ask: (111, 3)))
        #expect(action5 == .none)
        #expect(sync.counters.applied == 3)
    }

    @Test("a skipped sequence is a gap: the book is discarded and a resync requested, then it recovers")
    func gap() {
        var sync = BinanceBookSync()
        _ = sync.handle(diff(1, 5))
        _ = sync.handle(snapshot(5))
        let action6 = sync.handle(diff(6, 8))
        #expect(action6 == .none)
        let action7 = sync.handle(diff(10, 12, bid: (105, 1)))
        #expect(action7 == .fetchSnapshot, "9 is missing")
        #expect(sync.counters.gaps == 1)
        #expect(sync.counters.resyncs == 1)
        #expect(sync.state == .awaitingSnapshot)
        #expect(sync.book.isEmpty)
        let action8 = sync.handle(diff(13, 14))
        #expect(action8 == .none, "buffered while the snapshot is fetched")
        let action9 = sync.handle(snapshot(11))
        #expect(action9 == .none)
        #expect(sync.state == .synced)
        #expect(sync.counters.lastUpdateId == 14)
        #expect(sync.book.bestBid?.price == Price(105), "the diff that revealed the gap bridges the new snapshot")
    }

    @Test("a snapshot older than the first buffered diff asks for a refetch and keeps the buffer")
    func staleSnapshot() {
        var sync = BinanceBookSync()
        _ = sync.handle(diff(20, 25))
        let action10 = sync.handle(snapshot(18))
        #expect(action10 == .fetchSnapshot)
        #expect(sync.counters.refetches == 1)
        #expect(sync.state == .awaitingSnapshot)
        #expect(sync.bufferedCount == 1)
        let action11 = sync.handle(snapshot(20))
        #expect(action11 == .none, "U <= 20 + 1 <= u: the first diff bridges it")
        #expect(sync.counters.applied == 1)
    }

    @Test("duplicated and old diffs are dropped; a snapshot while synced is ignored")
    func duplicates() {
        var sync = BinanceBookSync()
        _ = sync.handle(snapshot(10))
        _ = sync.handle(diff(11, 12, bid: (101, 1)))
        let action12 = sync.handle(diff(11, 12, bid: (101, 1)))
        #expect(action12 == .none)
        let action13 = sync.handle(diff(3, 4))
        #expect(action13 == .none)
        #expect(sync.counters.dropped == 2)
        #expect(sync.counters.gaps == 0)
        let action14 = sync.handle(snapshot(1))
        #expect(action14 == .none)
        #expect(sync.counters.ignoredSnapshots == 1)
        #expect(sync.counters.lastUpdateId == 12)
    }

    @Test("a first diff that does not reach the snapshot is a gap")
    func firstDiffMustBridge() {
        var sync = BinanceBookSync()
        _ = sync.handle(snapshot(10))
        let action15 = sync.handle(diff(12, 15))
        #expect(action15 == .fetchSnapshot)
        #expect(sync.counters.gaps == 1)
    }

    @Test("crossed books after an applied diff are counted")
    func crossed() {
        var sync = BinanceBookSync()
        _ = sync.handle(snapshot(10))
        _ = sync.handle(diff(11, 11, bid: (110, 1)))
        #expect(sync.counters.crossed == 1)
    }

    @Test("USD-M futures: first diff U <= lastUpdateId <= u, then pu must equal the previous u")
    func futures() {
        var sync = BinanceBookSync(rules: .usdMFutures)
        _ = sync.handle(diff(90, 95, pu: 89))
        _ = sync.handle(diff(96, 100, pu: 95, bid: (102, 1)))
        _ = sync.handle(diff(101, 104, pu: 100))
        let action16 = sync.handle(snapshot(100))
        #expect(action16 == .none)
        #expect(sync.counters.dropped == 1, "u=95 < 100")
        #expect(sync.counters.applied == 2, "u=100 == lastUpdateId is the first diff, then pu 100")
        #expect(sync.book.bestBid?.price == Price(102))
        let action17 = sync.handle(diff(105, 106, pu: 104))
        #expect(action17 == .none)
        let action18 = sync.handle(diff(108, 109, pu: 107))
        #expect(action18 == .fetchSnapshot, "pu 107 != previous u 106")
        #expect(sync.counters.gaps == 1)
        var strict = BinanceBookSync(rules: .usdMFutures)
        _ = strict.handle(snapshot(100))
        let action19 = strict.handle(diff(101, 104, pu: 100))
        #expect(action19 == .fetchSnapshot, "U=101 > lastUpdateId=100")
    }
}
