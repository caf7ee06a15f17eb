/// Where an order stands on its venue.
public enum OrderState: String, Codable, Hashable, Sendable {
    case open, partiallyFilled, filled, cancelled, expired, rejected

    /// Whether nothing more can happen to the order.
    public var isTerminal: Bool { self == .filled || self == .cancelled || self == .expired || self == .rejected }

    /// Binance's status names (`NEW`, `PARTIALLY_FILLED`, `FILLED`, `CANCELED`, `EXPIRED`, `REJECTED`,
    /// `EXPIRED_IN_MATCH`, `PENDING_CANCEL`).
    public init?(binance: String) {
        switch binance {
        case "NEW", "PENDING_NEW", "PENDING_CANCEL": self = .open
        case "PARTIALLY_FILLED": self = .partiallyFilled
        case "FILLED": self = .filled
        case "CANCELED": self = .cancelled
        case "EXPIRED", "EXPIRED_IN_MATCH": self = .expired
        case "REJECTED": self = .rejected
        default: return nil
        }
    }
}

/// What a venue says about one order: cumulative, so reading the same report twice changes nothing.
public struct OrderReport: Codable, Hashable, Sendable {
    public var clientOrderID: String
    /// The venue's own id, when it gave one.
    public var venueOrderID: String?
    public var state: OrderState
    /// Filled size so far, raw at the intent's size scale.
    public var filled: Int64
    /// Σ price × size of the fills so far, raw at price scale + size scale.
    public var filledNotional: Int64

    public init(clientOrderID: String, venueOrderID: String?, state: OrderState, filled: Int64, filledNotional: Int64) {
        self.clientOrderID = clientOrderID
        self.venueOrderID = venueOrderID
        self.state = state
        self.filled = filled
        self.filledNotional = filledNotional
    }
}
