/// How the exchange's HTTP/WebSocket server behaves. The defaults suit a local exchange; tests shrink the limits.
public struct ExchangeServerConfiguration: Sendable {
    /// Address to listen on.
    public var host: String
    /// Port to listen on (0: any free port; see ``ExchangeServer/run(onListening:)``).
    public var port: Int
    /// Largest request body accepted (bytes); larger bodies get 413 before they are buffered.
    public var maxBodySize: Int
    /// Largest WebSocket frame accepted (bytes); larger frames close the socket.
    public var maxFrameSize: Int
    /// Requests per second per API key or session token (token bucket refill rate).
    public var rateLimit: Double
    /// Requests a caller may send at once (token bucket size).
    public var rateBurst: Double
    /// Signed requests must carry a timestamp within this many milliseconds of the server's clock.
    public var receiveWindow: Int64
    /// How long a session token from login or signup is valid (milliseconds).
    public var sessionLifetime: Int64
    /// bcrypt cost (work factor 2^cost).
    public var bcryptCost: UInt8
    /// Messages a WebSocket client may fall behind before it is disconnected.
    public var socketQueueLimit: Int
    /// Recent trades kept per symbol for `GET trades`.
    public var tradeHistory: Int
    /// Fills kept per account for `GET fills`.
    public var fillHistory: Int
    /// Whether `POST /api/v1/orders` from a session is answered on the event loop by ``OrderEntryLane`` (the
    /// same answers as the general path, with less work per order); off, every request goes through the router.
    public var orderEntryLane = true

    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxBodySize: Int = 16 * 1024, maxFrameSize: Int = 16 * 1024,
        rateLimit: Double = 200, rateBurst: Double = 400, receiveWindow: Int64 = 5_000,
        sessionLifetime: Int64 = 24 * 3_600_000, bcryptCost: UInt8 = 10, socketQueueLimit: Int = 4_096,
        tradeHistory: Int = 1_000, fillHistory: Int = 1_000
    ) {
        self.host = host
        self.port = port
        self.maxBodySize = maxBodySize
        self.maxFrameSize = maxFrameSize
        self.rateLimit = rateLimit
        self.rateBurst = rateBurst
        self.receiveWindow = receiveWindow
        self.sessionLifetime = sessionLifetime
        self.bcryptCost = bcryptCost
        self.socketQueueLimit = socketQueueLimit
        self.tradeHistory = tradeHistory
        self.fillHistory = fillHistory
    }
}
