/// The encoded state of the exchange after applying every record up to and including ``sequence``.
///
/// Recovery loads the latest snapshot and replays the records after its sequence.
public struct JournalSnapshot: Hashable, Sendable {
    /// The sequence of the last record the state includes (0: the state before any record).
    public var sequence: UInt64
    /// The opaque encoded state.
    public var payload: [UInt8]

    /// Creates a snapshot.
    /// - Parameters:
    ///   - sequence: The last record the state includes.
    ///   - payload: The opaque encoded state.
    public init(sequence: UInt64, payload: [UInt8]) {
        self.sequence = sequence
        self.payload = payload
    }
}
