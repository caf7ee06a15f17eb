/// One item of a recorded market-data session, whatever recorder wrote it.
public struct RecordedFrame: Hashable, Sendable {
    /// What the item was on the wire.
    public enum Kind: Hashable, Sendable {
        /// A websocket connection was opened to ``RecordedFrame/url``.
        case connect
        /// A frame the client sent (a subscription).
        case sent
        /// A frame the client received.
        case received
        /// A REST response body from ``RecordedFrame/url`` (a depth snapshot).
        case http
    }

    /// Receive time in nanoseconds since the Unix epoch.
    public var time: Int64
    /// What the item was.
    public var kind: Kind
    /// The address, for connects, sent frames and REST responses.
    public var url: String?
    /// The raw frame or body.
    public var payload: [UInt8]

    public init(time: Int64, kind: Kind, url: String? = nil, payload: [UInt8]) {
        self.time = time
        self.kind = kind
        self.url = url
        self.payload = payload
    }
}

/// Combines recorded streams.
public enum RecordingMerge {
    /// Merges several streams into one: repeatedly takes the head with the smallest time (ties: the earlier
    /// stream). Each stream's own order is kept even where its times are not monotonic (recorders write
    /// frames from several threads), so a websocket capture's frame order is never changed.
    public static func byTime(_ streams: [[RecordedFrame]]) -> [RecordedFrame] {
        var heads = [Int](repeating: 0, count: streams.count)
        var merged: [RecordedFrame] = []
        merged.reserveCapacity(streams.reduce(0) { $0 + $1.count })
        while true {
            var best = -1
            for s in streams.indices where heads[s] < streams[s].count {
                if best < 0 || streams[s][heads[s]].time < streams[best][heads[best]].time { best = s }
            }
            guard best >= 0 else { return merged }
            merged.append(streams[best][heads[best]])
            heads[best] += 1
        }
    }
}
