/// The client frames of `/realtime`: `{"op": ..., "args": ..., "id": ...}` (BitMEX's shape; `id` is optional and
/// echoed in the reply).
enum RealtimeOps {
    /// A string or an integer (BitMEX puts both in `args` arrays; request ids may be either).
    struct Scalar: Decodable, Sendable {
        var text: String
        var integer: Int64?

        init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let i = try? c.decode(Int64.self) {
                integer = i
                text = String(i)
            } else {
                text = try c.decode(String.self)
                integer = Int64(text)
            }
        }
    }

    struct Header: Decodable, Sendable {
        var op: String
        var id: Scalar?
    }

    /// `subscribe`, `unsubscribe`: topics such as `orderBookL2:BTC-USDT`, `order`. A single string is accepted too.
    struct Topics: Decodable, Sendable {
        var args: [String]

        enum CodingKeys: String, CodingKey { case args }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            if let one = try? c.decode(String.self, forKey: .args) {
                args = [one]
            } else {
                args = try c.decode([String].self, forKey: .args)
            }
        }
    }

    /// `authKey` `[key, timestampMs, signature]`, `authKeyExpires` `[key, expiresSeconds, signature]`,
    /// `authToken` `[token]`.
    struct Arguments: Decodable, Sendable {
        var args: [Scalar]
    }

    /// `order`: the same object as `POST /api/v1/orders`.
    struct Order: Decodable, Sendable {
        var args: PlaceOrderBody
    }

    /// `cancel`: `{"orderId": 42}`.
    struct Cancel: Decodable, Sendable {
        struct Target: Decodable, Sendable {
            var orderId: UInt64
        }
        var args: Target
    }
}
