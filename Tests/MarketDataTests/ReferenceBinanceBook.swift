import Foundation
import MarketData

/// An independent, obviously-correct Binance book keeper for the replay tests: JSONSerialization, string
/// keys, and the documented procedure written out step by step.
struct ReferenceBinanceBook {
    let symbol: String
    let futures: Bool
    var bids: [String: String] = [:]
    var asks: [String: String] = [:]
    var lastId: Int64?
    var buffered: [[String: Any]] = []
    var awaitingFirst = false
    var gaps = 0
    var applied = 0

    /// `"0.35130000"` -> `"0.3513"`, `"6195.00000000"` -> `"6195"`: the canonical text of a decimal.
    static func canonical(_ text: String) -> String {
        var s = Substring(text)
        while s.count > 1 && s.first == "0" && s.dropFirst().first != "." { s = s.dropFirst() }
        guard s.contains(".") else { return String(s) }
        while s.last == "0" { s = s.dropLast() }
        if s.last == "." { s = s.dropLast() }
        return String(s)
    }

    mutating func feed(_ frame: RecordedFrame) {
        if frame.kind == .http {
            guard let url = frame.url, url.contains("depth"), url.contains("symbol=\(symbol)") else { return }
        } else if frame.kind != .received {
            return
        }
        guard var object = (try? JSONSerialization.jsonObject(with: Data(frame.payload))) as? [String: Any] else {
            return
        }
        if let data = object["data"] as? [String: Any] { object = data }
        if object["e"] as? String == "depthUpdate" {
            guard object["s"] as? String == symbol else { return }
            diff(object)
        } else if object["lastUpdateId"] != nil && object["e"] == nil {
            snapshot(object)
        }
    }

    static func id(_ value: Any?) -> Int64 { (value as! NSNumber).int64Value }

    mutating func snapshot(_ object: [String: Any]) {
        guard lastId == nil else { return }
        let snapshotId = Self.id(object["lastUpdateId"])
        if let first = buffered.first, snapshotId < Self.id(first["U"]) { return }
        bids = [:]
        asks = [:]
        set(&bids, object["bids"])
        set(&asks, object["asks"])
        lastId = snapshotId
        awaitingFirst = true
        let pending = buffered
        buffered = []
        for event in pending { diff(event) }
    }

    mutating func diff(_ event: [String: Any]) {
        guard let last = lastId else {
            buffered.append(event)
            return
        }
        let first = Self.id(event["U"])
        let final = Self.id(event["u"])
        if futures {
            if awaitingFirst {
                if final < last { return }
                if !(first <= last && last <= final) { return gapFound(event) }
            } else {
                if final <= last { return }
                if Self.id(event["pu"]) != last { return gapFound(event) }
            }
        } else {
            if final <= last { return }
            if awaitingFirst && !(first <= last + 1 && last + 1 <= final) { return gapFound(event) }
            if !awaitingFirst && first != last + 1 && first > last + 1 { return gapFound(event) }
        }
        set(&bids, event["b"])
        set(&asks, event["a"])
        lastId = final
        awaitingFirst = false
        applied += 1
    }

    mutating func gapFound(_ event: [String: Any]) {
        gaps += 1
        lastId = nil
        bids = [:]
        asks = [:]
        buffered = [event]
    }

    func set(_ side: inout [String: String], _ rows: Any?) {
        for row in rows as! [[String]] {
            let price = Self.canonical(row[0])
            let size = Self.canonical(row[1])
            if size == "0" { side[price] = nil } else { side[price] = size }
        }
    }

    /// A side as (price, size) canonical strings, best first.
    func levels(bids isBid: Bool) -> [(String, String)] {
        let side = isBid ? bids : asks
        let sorted = side.keys.sorted { Decimal(string: $0)! < Decimal(string: $1)! }
        return (isBid ? sorted.reversed() : sorted).map { ($0, side[$0]!) }
    }
}
