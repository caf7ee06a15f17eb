import BourseCore
import Feeds
import Foundation
import MarketData
import MarketDataRecording
import MatchingEngine
import OrderBook
import Testing
import VenueSimulator

/// The simulator fed by a recording instead of its synthetic flow.
@Suite("Venues replaying a recording", .serialized, .timeLimit(.minutes(3)))
struct ReplayedVenueTests {
    static let btcusdt = CanonicalSymbol(base: "BTC", quote: "USDT")

    func market() throws -> SyntheticMarket {
        SyntheticMarket.replaying(instrument: try Instrument(
            symbol: "BTCUSDT", baseAsset: "BTC", quoteAsset: "USDT", priceScale: 2, sizeScale: 4, tickSize: Price(1), lotSize: Quantity(1)))
    }

    func set(_ side: Side, _ price: Int64, _ quantity: Int64) -> L2LevelDifference {
        L2LevelDifference(side: side, price: Price(price), quantity: Quantity(quantity))
    }

    func book(_ bids: [(Int64, Int64)], _ asks: [(Int64, Int64)]) -> L2Book {
        L2Book(bids: bids.map { L2Level(price: Price($0.0), quantity: Quantity($0.1)) },
               asks: asks.map { L2Level(price: Price($0.0), quantity: Quantity($0.1)) })
    }

    @Test("recorded levels are held by engine orders: a move through the old book trades nothing, a trader's orders add to and take from it")
    func replayedMarket() throws {
        var market = try market()
        market.replay([set(.buy, 100, 5), set(.sell, 102, 3)], now: 1)
        #expect(market.book == book([(100, 5)], [(102, 3)]))
        // The market moves up through the old ask: removals go first, so the new bid does not take the old ask.
        market.replay([set(.buy, 100, 0), set(.buy, 103, 2), set(.sell, 102, 0), set(.sell, 104, 10)], now: 2)
        #expect(market.book == book([(103, 2)], [(104, 10)]))
        #expect(market.drainChanges().trades.isEmpty, "replayed orders never trade with each other")
        // A trader takes 4 of the recorded 10: the level shows 6 until the recording sets it again.
        let taken = market.submitTraderOrder(side: .buy, price: Price(104), quantity: Quantity(4), timeInForce: .ioc, postOnly: false, now: 3)
        #expect(taken.rejected == nil)
        #expect(market.drainTraderTrades().map(\.quantity.rawValue) == [4])
        #expect(market.book.quantity(.sell, at: Price(104)) == Quantity(6))
        market.replay([set(.sell, 104, 8)], now: 4)
        #expect(market.book.quantity(.sell, at: Price(104)) == Quantity(8))
        // A trader's resting bid comes on top of the recorded size, whatever the recording does to the level.
        let resting = market.submitTraderOrder(side: .buy, price: Price(103), quantity: Quantity(5), timeInForce: .gtc, postOnly: false, now: 5)
        #expect(resting.rejected == nil)
        #expect(market.book.quantity(.buy, at: Price(103)) == Quantity(7))
        market.replay([set(.buy, 103, 1)], now: 6)
        #expect(market.book.quantity(.buy, at: Price(103)) == Quantity(6))
        market.replay([set(.buy, 103, 0)], now: 7)
        #expect(market.book.quantity(.buy, at: Price(103)) == Quantity(5))
        let cancelled = market.cancelTraderOrder(resting.id, now: 8)
        #expect(cancelled)
        #expect(market.book == book([], [(104, 8)]))
    }

    @Test("a recording feeds the venues' books: the engine shows the recorded book exactly; connectors of several venues follow it")
    func recordingOnLoopback() async throws {
        let capture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/data/hftbacktest/binance_spot_btcusdt_20240808.gz").path
        // The first tenth of the capture (its snapshot and about 350 diffs): enough to move the book through many
        // levels, light enough not to starve the tests running beside it on a 2-core machine.
        // The heavy, synchronous part runs on a Dispatch thread, not on one of the two threads of the cooperative
        // pool the other tests' tasks need.
        let checked = try await offThePool { () throws -> CheckedFlow in
            let all = try RecordingLoader.load(path: capture)
            let frames = Array(all.prefix(all.count / 10))
            guard let replay = BinanceReplay(symbol: "BTCUSDT", rules: .spot), var reference = BinanceReplay(symbol: "BTCUSDT", rules: .spot)
            else { throw CancellationError() }
            let flow = try RecordedFlow(symbol: Self.btcusdt, frames: frames, replay: replay)
            for frame in frames { reference.feed(frame) }
            let flowScales = DecimalScales(price: flow.priceScale, size: flow.sizeScale)
            // The engine, step by step; a loop back at the end.
            var market = SyntheticMarket.replaying(instrument: try flow.instrument.instrument(on: .binance))
            var firstBook = L2Book()
            for (n, step) in flow.steps.enumerated() {
                market.replay(step.levels, now: Int64(n))
                if n == 0 { firstBook = market.book }
            }
            let lastBook = market.book
            let trades = market.drainChanges().trades.count
            market.replay(flow.finalBook.difference(to: flow.initialBook), now: -1)
            return CheckedFlow(
                flow: flow, flowText: levels(flow.finalBook, scales: flowScales, depth: 5_000),
                referenceText: levels(reference.currentBook, scales: reference.scales, depth: 5_000),
                engineFirst: firstBook, engineLast: lastBook, engineTrades: trades, engineLoopedBack: market.book)
        }
        let flow = checked.flow
        #expect(flow.counters.gaps == 0)
        #expect(flow.priceScale == 2, "BTCUSDT prices have cents at most")
        #expect(flow.steps.count > 200)
        // The flow's final book is the replay's own, only at smaller scales: compare the exact decimal texts.
        #expect(!checked.flowText.isEmpty && checked.flowText == checked.referenceText)
        // The engine shows the recorded book exactly, after the first step and the last; a loop returns it to the
        // first book; recorded levels never trade with each other.
        #expect(checked.engineFirst == flow.initialBook)
        #expect(checked.engineLast == flow.finalBook)
        #expect(checked.engineTrades == 0)
        #expect(checked.engineLoopedBack == flow.initialBook)

        // On loopback, looping (so diffs keep coming however late a loaded machine connects): after a whole
        // pass, every connector's book equals its venue's, with no gap.
        let span = Double(flow.steps.last!.time - flow.steps.first!.time) / 1e9
        // Coinbase and Kraken replay the same way (covered with the synthetic flow in ConnectorTests).
        let kinds: [SimulatedVenueKind] = [.binance, .binanceFutures, .okx]
        try await SimulatorHarness.with(kinds + [.bitmex], rate: 50, recording: flow, recordingSpeed: span / 3, loopRecording: true) { harness in
            for kind in kinds { #expect(await harness.venue(kind).replays("BTC/USDT")) }
            #expect(!(await harness.venue(.bitmex).replays("BTC/USDT")), "BitMEX's contract grid cannot hold the recorded sizes")
            let connectors = kinds.map { FeedConnector(driver: AnyVenueDriver(harness.driver($0)), configuration: testFeedConfiguration()) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for connector in connectors { group.addTask { await connector.run() } }
                defer { group.cancelAll() }
                for (kind, connector) in zip(kinds, connectors) {
                    try await waitFor(connector.status, timeout: .seconds(60), "\(kind) live") { $0.state == .live }
                }
                let passes = harness.simulator.recordingProgress.passes
                let deadline = ContinuousClock.now + .seconds(120)
                while harness.simulator.recordingProgress.passes <= passes && ContinuousClock.now < deadline {
                    try await Task.sleep(for: .milliseconds(100))
                }
                #expect(harness.simulator.recordingProgress.passes > passes, "a whole pass while connected")
                // One pause for all: each connector's book must equal its venue's, which all show the same moment.
                await harness.simulator.pause()
                defer { harness.simulator.resume() }
                for (kind, connector) in zip(kinds, connectors) {
                    try await expectSameBook(harness, kind, connector, pausing: false)
                    let status = connector.status.current.value
                    #expect(status.counters.gaps == 0, "\(kind): \(status.counters), \(status.lastIssue ?? "-")")
                }
            }
        }
    }
}

/// Runs `body` on a global Dispatch queue and returns its result: CPU-bound test work there leaves the Swift
/// cooperative pool (two threads on a 2-core machine) to the tasks of the tests running beside it.
func offThePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(with: Result { try body() }) }
    }
}

/// What the replay test computes off the cooperative pool (checked on the test's own task).
struct CheckedFlow: Sendable {
    var flow: RecordedFlow
    var flowText: [String]
    var referenceText: [String]
    var engineFirst: L2Book
    var engineLast: L2Book
    var engineTrades: Int
    var engineLoopedBack: L2Book
}
