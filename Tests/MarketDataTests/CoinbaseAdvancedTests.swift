import BourseCore
import MarketData
import OrderBook
import Testing

/// Coinbase Advanced Trade `level2`: the parser on hand-written frames in the documented shape, and the replay's
/// `sequence_num` gap rule.
@Suite("Coinbase Advanced Trade level2")
struct CoinbaseAdvancedTests {
    static func frame(_ sequence: Int, _ events: String, channel: String = "l2_data") -> RecordedFrame {
        let text = "{\"channel\":\"\(channel)\",\"client_id\":\"\",\"timestamp\":\"2023-02-09T20:32:50.714964855Z\","
            + "\"sequence_num\":\(sequence),\"events\":[\(events)]}"
        return RecordedFrame(time: 0, kind: .received, payload: Array(text.utf8))
    }

    static let snapshot = """
        {"type":"snapshot","product_id":"BTC-USD","updates":[\
        {"side":"bid","event_time":"1970-01-01T00:00:00Z","price_level":"21921.73","new_quantity":"0.06317902"},\
        {"side":"bid","event_time":"1970-01-01T00:00:00Z","price_level":"21921.3","new_quantity":"0.02"},\
        {"side":"offer","event_time":"1970-01-01T00:00:00Z","price_level":"21921.74","new_quantity":"1.5"}]}
        """

    @Test("a snapshot and an update, keys in any order, sides bid/offer, zero removes")
    func parse() throws {
        var replay = try #require(CoinbaseAdvancedReplay(product: "BTC-USD"))
        replay.feed(Self.frame(0, Self.snapshot))
        #expect(replay.isSynced)
        #expect(replay.currentBook.bestBid?.price == Price(2_192_173_000_000))
        #expect(replay.currentBook.bestAsk?.quantity == Quantity(150_000_000))
        // Fields reordered; the 21921.73 bid removed, a new ask.
        replay.feed(Self.frame(1, """
            {"updates":[{"new_quantity":"0","price_level":"21921.73","side":"bid","event_time":"2023-02-09T20:32:50.7Z"},\
            {"price_level":"21921.80","side":"offer","new_quantity":"0.5","event_time":"2023-02-09T20:32:50.7Z"}],\
            "product_id":"BTC-USD","type":"update"}
            """))
        #expect(replay.currentBook.bestBid?.price == Price(2_192_130_000_000))
        #expect(replay.currentBook.levels(.sell).count == 2)
        #expect(replay.counters.snapshots == 1 && replay.counters.applied == 1 && replay.counters.gaps == 0)
        // Other products and heartbeats only count their sequence numbers.
        replay.feed(Self.frame(2, "{\"type\":\"update\",\"product_id\":\"ETH-USD\",\"updates\":[{\"side\":\"bid\",\"event_time\":\"x\",\"price_level\":\"1\",\"new_quantity\":\"1\"}]}"))
        replay.feed(Self.frame(3, "{\"current_time\":\"2023-02-09 20:32:51\",\"heartbeat_counter\":3049}", channel: "heartbeats"))
        #expect(replay.counters.applied == 1 && replay.counters.gaps == 0)
        #expect(replay.errors == 0)
    }

    @Test("a sequence_num jump discards the book until the next snapshot")
    func gap() throws {
        var replay = try #require(CoinbaseAdvancedReplay(product: "BTC-USD"))
        replay.feed(Self.frame(5, Self.snapshot))
        replay.feed(Self.frame(7, "{\"type\":\"update\",\"product_id\":\"BTC-USD\",\"updates\":[]}"))
        #expect(replay.counters.gaps == 1)
        #expect(replay.needsResync && !replay.isSynced && replay.currentBook.isEmpty)
        replay.reset()
        replay.feed(Self.frame(40, Self.snapshot))
        #expect(replay.isSynced && !replay.needsResync)
        #expect(replay.counters.gaps == 1)
    }

    @Test("malformed frames, unknown sides and inexact decimals are typed errors that change nothing")
    func badInput() throws {
        var replay = try #require(CoinbaseAdvancedReplay(product: "BTC-USD"))
        replay.feed(Self.frame(0, Self.snapshot))
        let before = replay.currentBook
        for events in [
            "{\"type\":\"update\",\"product_id\":\"BTC-USD\",\"updates\":[{\"side\":\"ask\",\"price_level\":\"1\",\"new_quantity\":\"1\"}]}",
            "{\"type\":\"update\",\"product_id\":\"BTC-USD\",\"updates\":[{\"side\":\"bid\",\"price_level\":\"1e3\",\"new_quantity\":\"1\"}]}",
            "{\"type\":\"update\",\"product_id\":\"BTC-USD\",\"updates\":[{\"side\":\"bid\",\"price_level\":\"1\"}]}",
            "{\"type\":\"update\",\"updates\":[]}",
        ] {
            replay.feed(Self.frame(1, events))
        }
        replay.feed(RecordedFrame(time: 0, kind: .received, payload: Array("{\"channel\":\"l2_data\",\"events\":[".utf8)))
        #expect(replay.errors == 5)
        #expect(replay.currentBook == before)
    }
}
