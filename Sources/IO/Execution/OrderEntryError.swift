/// Why an order-entry call failed. The code says what the caller may conclude about the order.
public struct OrderEntryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Stable codes.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The venue refused the request: no order exists because of it.
        public static let rejected = Code("rejected")
        /// The venue already has an order with this client order id (a retry of one that arrived).
        public static let duplicate = Code("duplicate")
        /// The request may or may not have taken effect (timeout, connection lost after sending, HTTP 5xx):
        /// ask the venue before doing anything else.
        public static let unknownOutcome = Code("unknown_outcome")
        /// The request never reached the venue (connection refused): safe to retry.
        public static let unreachable = Code("unreachable")
        /// The venue does not know the order.
        public static let notFound = Code("not_found")
        /// The venue's circuit breaker is open: nothing was sent.
        public static let circuitOpen = Code("circuit_open")
        /// The kill switch is on: nothing was sent.
        public static let halted = Code("halted")
    }

    public var code: Code
    public var message: String
    /// The venue's own error code, when it sent one.
    public var venueCode: Int?

    public init(_ code: Code, _ message: String, venueCode: Int? = nil) {
        self.code = code
        self.message = message
        self.venueCode = venueCode
    }

    public var description: String { "\(code): \(message)" }
}
