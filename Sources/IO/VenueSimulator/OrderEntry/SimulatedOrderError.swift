/// Why an order-entry request to a simulated venue failed, in Binance's error shape (`{"code":..,"msg":..}`).
public struct SimulatedOrderError: Error, Hashable, Sendable {
    /// Binance's error code (`-1121` invalid symbol, `-2010` new order rejected, `-2011` cancel rejected,
    /// `-2013` no such order, `-1102` missing parameter, `-1100` illegal value, `-1022` bad signature,
    /// `-2015` unknown key, `-1021` timestamp outside the window, `-1007` execution status unknown).
    public var code: Int
    public var message: String
    /// The HTTP status the error is sent with.
    public var status: Int

    public init(_ code: Int, _ message: String, status: Int = 400) {
        self.code = code
        self.message = message
        self.status = status
    }

    static func missing(_ name: String) -> Self {
        Self(-1102, "Mandatory parameter '\(name)' was not sent, was empty/null, or malformed.")
    }

    static func illegal(_ name: String) -> Self { Self(-1100, "Illegal characters found in parameter '\(name)'.") }

    static let unknownOrder = Self(-2013, "Order does not exist.")
    static let invalidSymbol = Self(-1121, "Invalid symbol.")
    static let statusUnknown = Self(
        -1007, "Timeout waiting for response from backend server. Send status unknown; execution status unknown.",
        status: 503)

    var json: String {
        let text = String(message.map { $0 == "\"" ? "'" : $0 })
        return "{\"code\":\(code),\"msg\":\"\(text)\"}"
    }
}
