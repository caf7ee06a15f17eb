import BourseCore

/// What a successful command returns to the one who sent it.
public enum CommandReply: Hashable, Sendable {
    case done
    /// The order (or the entry of a bracket, or the first leg of an OCO pair) and any other ids it created.
    case order(OrderRecord, otherIDs: [OrderID])
    case account(AccountID)
}
