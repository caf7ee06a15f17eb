import BourseCore

/// The state behind Binance's diff depth streams, kept inside ``MarketDataHub`` (one writer, no locks).
///
/// Every change of a visible level of a market gets the next number of that market's book update id, so
/// `GET /api/v3/depth`'s `lastUpdateId` (read from the same mirror) and the events' `U`/`u` count the same
/// changes: an event carries the first and last id of the changes it aggregates and the final size of every
/// level they touched. Events of one stream are contiguous (`U` = previous `u` + 1), which is what Binance's
/// documented sync procedure checks. When the hub has to resynchronise (it fell behind the exchange), the ids
/// jump by one without an event, so every client sees a gap and rebuilds its book.
struct BinanceDepthFeed {
    /// How often a stream sends: `@depth@100ms` or `@depth` (1000 ms).
    enum Speed: Hashable, Sendable {
        case fast, slow
        var ticks: Int { self == .fast ? 1 : 10 }
    }

    /// A stream: a Bourse market at a speed.
    struct Stream: Hashable, Sendable {
        var symbol: String
        var speed: Speed
    }

    /// Level changes of one stream since its last event.
    struct Pending {
        var first: UInt64
        var last: UInt64
        var bids: [Price: Quantity] = [:]
        var asks: [Price: Quantity] = [:]
    }

    /// A socket client: whether it wants the combined envelope, and the stream names it subscribed (as it
    /// spelled them, for the envelope and `LIST_SUBSCRIPTIONS`).
    struct Client {
        var combined: Bool
        var streams: [Stream: String] = [:]
    }

    /// Per Bourse symbol, the id of the last level change.
    var updateIDs: [String: UInt64] = [:]
    var pending: [Stream: Pending] = [:]
    var subscribers: [Stream: Set<Int>] = [:]
    var clients: [Int: Client] = [:]
    /// 100 ms ticks so far (the slow streams flush every tenth).
    var ticks = 0

    /// Numbers one level change and adds it to the pending event of every followed stream of its market.
    mutating func record(_ symbol: String, _ side: Side, _ price: Price, _ quantity: Quantity) {
        let id = updateIDs[symbol, default: 0] + 1
        updateIDs[symbol] = id
        for speed in [Speed.fast, .slow] {
            let stream = Stream(symbol: symbol, speed: speed)
            guard subscribers[stream]?.isEmpty == false else { continue }
            var p = pending[stream] ?? Pending(first: id, last: id)
            p.last = id
            if side == .buy { p.bids[price] = quantity } else { p.asks[price] = quantity }
            pending[stream] = p
        }
    }

    /// Forces a gap in every market's ids (after a resynchronisation nobody can follow the changes it skipped).
    mutating func breakContinuity() {
        for symbol in updateIDs.keys { updateIDs[symbol]! += 1 }
    }

    /// Forgets a client.
    mutating func remove(_ id: Int) {
        guard let client = clients.removeValue(forKey: id) else { return }
        for stream in client.streams.keys { subscribers[stream]?.remove(id) }
    }

    /// Parses a stream name: `<symbol>@depth`, `<symbol>@depth@100ms` or `<symbol>@depth@1000ms`.
    /// - Returns: the Binance symbol (lowercase as given) and the speed, or `nil` for other streams.
    static func parse(_ name: String) -> (symbol: String, speed: Speed)? {
        let parts = name.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts[1] == "depth", !parts[0].isEmpty else { return nil }
        if parts.count == 2 { return (String(parts[0]), .slow) }
        switch parts[2] {
        case "100ms": return (String(parts[0]), .fast)
        case "1000ms": return (String(parts[0]), .slow)
        default: return nil
        }
    }
}

/// A `depthUpdate` event: `{"e":"depthUpdate","E":..,"s":"BTCUSDT","U":..,"u":..,"b":[["p","q"]],"a":[...]}`.
struct BinanceDepthEvent: Encodable, Sendable {
    var e = "depthUpdate"
    var E: Int64
    var s: String
    var U: UInt64
    var u: UInt64
    var b: [[String]]
    var a: [[String]]
}

/// The combined-stream envelope `{"stream":"btcusdt@depth@100ms","data":{...}}`.
struct BinanceCombined<Payload: Encodable & Sendable>: Encodable, Sendable {
    var stream: String
    var data: Payload
}
