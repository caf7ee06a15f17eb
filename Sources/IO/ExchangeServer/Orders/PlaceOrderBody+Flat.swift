import NIOCore

extension PlaceOrderBody {
    /// Decodes the body the way `JSONDecoder` would, for bodies of ``FlatJSON``'s narrow shape; `nil` for any
    /// other body (unknown or missing fields, wrong types, escapes, ...), which the caller then hands to
    /// ``StrictJSON/decode(_:from:)`` for the general decoding and its worded errors.
    static func flat(_ buffer: ByteBuffer) -> PlaceOrderBody? {
        guard let members = buffer.withUnsafeReadableBytes({ FlatJSON.members($0) }) else { return nil }
        var symbol: String?
        var side: String?
        var body = PlaceOrderBody(symbol: "", side: "", type: "limit")
        for (key, value) in members {
            switch (key, value) {
            case ("symbol", .string(let text)): symbol = text
            case ("side", .string(let text)): side = text
            case ("type", .string(let text)): body.type = text
            case ("price", .string(let text)): body.price = text
            case ("triggerPrice", .string(let text)): body.triggerPrice = text
            case ("size", .string(let text)): body.size = text
            case ("quoteAmount", .string(let text)): body.quoteAmount = text
            case ("timeInForce", .string(let text)): body.timeInForce = text
            case ("expiresAt", .integer(let number)): body.expiresAt = number
            case ("postOnly", .bool(let flag)): body.postOnly = flag
            case ("displaySize", .string(let text)): body.displaySize = text
            case ("stp", .string(let text)): body.stp = text
            case ("clientOrderId", .string(let text)): body.clientOrderId = text
            default: return nil
            }
        }
        guard let symbol, let side else { return nil }
        body.symbol = symbol
        body.side = side
        return body
    }

    /// The body of a request: the flat fast path, else `JSONDecoder` with its worded errors.
    static func decode(_ buffer: ByteBuffer) throws(APIError) -> PlaceOrderBody {
        if let body = flat(buffer) { return body }
        return try StrictJSON.decode(PlaceOrderBody.self, from: buffer)
    }
}
