import BourseCore

/// Everything a ``MatchingEngine`` holds between two commands, as plain values: restoring it into a new engine
/// (``MatchingEngine/init(configuration:snapshot:)``) gives an engine that answers every later command exactly
/// like the original, sequence numbers included.
///
/// Two engines in the same state give equal snapshots (collections are listed in a defined order).
public struct EngineSnapshot: Hashable, Sendable {
    /// An order resting in the book, with every field the engine keeps for it.
    public struct RestingOrder: Hashable, Sendable {
        public var id: OrderID
        public var account: AccountID
        public var side: Side
        public var price: Price
        /// Size shown in the book (an iceberg's current slice).
        public var visible: Quantity
        /// Iceberg reserve not shown.
        public var hidden: Quantity
        /// Iceberg slice size, zero for a plain order.
        public var display: Quantity
        /// Traded so far over the order's life.
        public var filled: Quantity
        public var selfTradePrevention: SelfTradePrevention
        public var postOnly: Bool
        /// The other leg while the order is part of an OCO pair.
        public var ocoPartner: OrderID?
        /// Whether the order is the entry of a bracket (its legs are in ``EngineSnapshot/brackets``).
        public var isBracketEntry: Bool
        /// Acceptance number (tie-break of expiry and mass cancel).
        public var acceptance: UInt64
        /// GTD expiry, `nil` for none.
        public var expiresAt: Int64?

        public init(
            id: OrderID, account: AccountID, side: Side, price: Price, visible: Quantity, hidden: Quantity,
            display: Quantity, filled: Quantity, selfTradePrevention: SelfTradePrevention, postOnly: Bool,
            ocoPartner: OrderID?, isBracketEntry: Bool, acceptance: UInt64, expiresAt: Int64?
        ) {
            self.id = id
            self.account = account
            self.side = side
            self.price = price
            self.visible = visible
            self.hidden = hidden
            self.display = display
            self.filled = filled
            self.selfTradePrevention = selfTradePrevention
            self.postOnly = postOnly
            self.ocoPartner = ocoPartner
            self.isBracketEntry = isBracketEntry
            self.acceptance = acceptance
            self.expiresAt = expiresAt
        }
    }

    /// A stop or take-profit order waiting for its trigger.
    public struct ArmedOrder: Hashable, Sendable {
        public var request: OrderRequest
        /// Arm number: among orders that fire together, the smallest goes first.
        public var arm: UInt64
        public var acceptance: UInt64
        public var ocoPartner: OrderID?

        public init(request: OrderRequest, arm: UInt64, acceptance: UInt64, ocoPartner: OrderID?) {
            self.request = request
            self.arm = arm
            self.acceptance = acceptance
            self.ocoPartner = ocoPartner
        }
    }

    /// An entry of the GTD expiry heap (entries of orders no longer live are skipped when due).
    public struct Expiry: Hashable, Sendable {
        public var expiresAt: Int64
        public var acceptance: UInt64
        public var id: OrderID

        public init(expiresAt: Int64, acceptance: UInt64, id: OrderID) {
            self.expiresAt = expiresAt
            self.acceptance = acceptance
            self.id = id
        }
    }

    /// Sequence number of the last event emitted.
    public var sequence: UInt64
    /// Number of `accepted` events so far.
    public var acceptances: UInt64
    /// Number of times an order was armed so far.
    public var arms: UInt64
    /// The engine's clock (`Int64.min` before the first command).
    public var clock: Int64
    public var lastPrice: Price?
    /// Resting orders by ascending price, each level in queue (FIFO) order.
    public var orders: [RestingOrder]
    /// Armed orders in the engine's own order.
    public var armed: [ArmedOrder]
    /// Brackets whose entry is live (their leg ids are reserved), by ascending entry id.
    public var brackets: [BracketRequest]
    /// The expiry heap, in its array order.
    public var expiries: [Expiry]

    public init(
        sequence: UInt64, acceptances: UInt64, arms: UInt64, clock: Int64, lastPrice: Price?, orders: [RestingOrder],
        armed: [ArmedOrder], brackets: [BracketRequest], expiries: [Expiry]
    ) {
        self.sequence = sequence
        self.acceptances = acceptances
        self.arms = arms
        self.clock = clock
        self.lastPrice = lastPrice
        self.orders = orders
        self.armed = armed
        self.brackets = brackets
        self.expiries = expiries
    }
}

/// A snapshot that cannot be restored: it describes a state no engine can be in (an id used twice, a price off
/// the configuration's grid, a crossed book, ...). The message says which rule failed.
public struct EngineSnapshotError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    init(_ message: String) { self.message = message }
    public var description: String { "invalid_engine_snapshot: \(message)" }
}
