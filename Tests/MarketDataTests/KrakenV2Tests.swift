import BourseCore
import MarketData
import OrderBook
import Testing

/// Kraken websocket v2 `book`: numbers read exactly, precisions from the `instrument` channel, truncation to
/// depth, and the checksum rule.
@Suite("Kraken v2 book")
struct KrakenV2Tests {
    static func frame(_ text: String) -> RecordedFrame { RecordedFrame(time: 0, kind: .received, payload: Array(text.utf8)) }

    static let instrument = """
        {"channel":"instrument","type":"snapshot","data":{"assets":[],"pairs":[\
        {"symbol":"ETH/USD","price_precision":2,"qty_precision":8},{"symbol":"BTC/USD","price_precision":1,"qty_precision":8}]}}
        """

    /// The checksum text by hand for a two-level book: asks low→high then bids high→low, price then qty with
    /// the pair's precision (1 and 8), point and leading zeros removed.
    @Test("the checksum follows Kraken's text rule, and a matching snapshot is verified")
    func checksum() throws {
        var book = L2Book()
        book.set(.sell, price: Price(4_528_400_000_000), quantity: Quantity(5_000_000_000))  // 45284.0 × 0.5 at scales 8/10
        book.set(.buy, price: Price(4_528_350_000_000), quantity: Quantity(1_000_000))  // 45283.5 × 0.0001
        let scales = DecimalScales(price: 8, size: 10)
        let text = "452840" + "50000000" + "452835" + "10000"
        #expect(KrakenV2Replay.checksum(book, scales: scales, priceDecimals: 1, quantityDecimals: 8) == CRC32.checksum(Array(text.utf8)))

        var replay = try #require(KrakenV2Replay(symbol: "BTC/USD", depth: 10, scales: DecimalScales(price: 8, size: 10)))
        replay.feed(Self.frame(Self.instrument))
        #expect(replay.priceDecimals == 1 && replay.quantityDecimals == 8)
        let crc = CRC32.checksum(Array(text.utf8))
        replay.feed(Self.frame("""
            {"channel":"book","type":"snapshot","data":[{"symbol":"BTC/USD","bids":[{"price":45283.5,"qty":1e-4}],\
            "asks":[{"price":45284.0,"qty":0.50000000}],"checksum":\(crc)}]}
            """))
        #expect(replay.isSynced)
        #expect(replay.checksumsVerified == 1)
        #expect(replay.currentBook.bestBid?.quantity == Quantity(1_000_000), "1e-4 read exactly")
        #expect(replay.errors == 0)
    }

    @Test("updates are truncated to depth; a wrong checksum discards the book")
    func truncationAndMismatch() throws {
        var replay = try #require(KrakenV2Replay(symbol: "BTC/USD", depth: 2, priceDecimals: 1, quantityDecimals: 8))
        replay.feed(Self.frame("""
            {"channel":"book","type":"snapshot","data":[{"symbol":"BTC/USD","bids":[{"price":100.0,"qty":1},{"price":99.0,"qty":1}],\
            "asks":[{"price":101.0,"qty":1},{"price":102.0,"qty":1}]}]}
            """))
        // A better bid pushes 99.0 out (no delete is sent for it).
        replay.feed(Self.frame("""
            {"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":100.5,"qty":2}],"asks":[]}]}
            """))
        #expect(replay.currentBook.levels(.buy).map(\.price.rawValue) == [1_005_000_000_000, 1_000_000_000_000])
        replay.feed(Self.frame("""
            {"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[],"asks":[{"price":101.0,"qty":0}],"checksum":1}]}
            """))
        #expect(replay.needsResync && !replay.isSynced && replay.currentBook.isEmpty)
        #expect(replay.counters.gaps == 1)
    }

    @Test("bad input is a typed error and changes nothing")
    func badInput() throws {
        var replay = try #require(KrakenV2Replay(symbol: "BTC/USD", depth: 10, priceDecimals: 1, quantityDecimals: 8))
        replay.feed(Self.frame("""
            {"channel":"book","type":"snapshot","data":[{"symbol":"BTC/USD","bids":[{"price":100.0,"qty":1}],"asks":[{"price":101.0,"qty":1}]}]}
            """))
        let before = replay.currentBook
        for text in [
            "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[{\"price\":-1,\"qty\":1}],\"asks\":[]}]}",
            "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[{\"price\":\"100\",\"qty\":1}],\"asks\":[]}]}",
            "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"bids\":[],\"asks\":[]}]}",
            "{\"channel\":\"book\",\"type\":\"update\",\"data\":[{\"symbol\":\"BTC/USD\",\"bids\":[{\"price\":100}],\"asks\":[]}]}",
            "{\"channel\":\"book\",",
        ] {
            replay.feed(Self.frame(text))
        }
        #expect(replay.errors == 5)
        #expect(replay.currentBook == before)
        // Heartbeats and method replies are not book messages.
        replay.feed(Self.frame("{\"channel\":\"heartbeat\"}"))
        replay.feed(Self.frame("{\"method\":\"pong\",\"req_id\":1}"))
        #expect(replay.errors == 5 && replay.counters.messages == 1)
    }
}
