/// The venues the simulator speaks.
public enum SimulatedVenueKind: String, CaseIterable, Hashable, Sendable {
    /// Binance spot: `/ws/<sym>@depth@100ms`, `/stream?streams=`, `GET /api/v3/depth`, `/api/v3/exchangeInfo`.
    case binance
    /// Binance USD-M futures: the same socket paths, `depthUpdate` events with `pu` (the previous event's `u`)
    /// and ids that jump between events (other symbols share the id space); `GET /fapi/v1/depth`,
    /// `/fapi/v1/exchangeInfo`.
    case binanceFutures = "binance-futures"
    /// Coinbase Exchange: socket at `/` with `level2_batch`/`level2` and `heartbeat`; `GET /products`.
    case coinbase
    /// Bitstamp: socket at `/` with `diff_order_book_<pair>`; `GET /api/v2/order_book/<pair>`.
    case bitstamp
    /// BitMEX: `/realtime` with `orderBookL2:<symbol>`; `GET /api/v1/instrument/active`.
    case bitmex
    /// OKX v5: `/ws/v5/public` with `books` (snapshot + updates with `seqId`/`prevSeqId` and a CRC32 checksum);
    /// `GET /api/v5/public/instruments`.
    case okx
    /// Kraken websocket v2: `/v2` with `instrument` (pair precisions) and `book` (snapshot + updates truncated to
    /// depth 10, CRC32 checksum of the top 10 on every message).
    case kraken
}
