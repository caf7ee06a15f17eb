/// One journaled command: an opaque payload at a position in the journal.
///
/// The journal never interprets the payload; the exchange encodes its commands into it. Sequences start at 1
/// and are contiguous: record `n + 1` follows record `n` with no gap.
public struct JournalRecord: Hashable, Sendable {
    /// The position of the record in the journal (1-based, contiguous).
    public var sequence: UInt64
    /// The encoded command, stored and returned byte for byte.
    public var payload: [UInt8]

    /// Creates a record.
    /// - Parameters:
    ///   - sequence: The position in the journal (1-based).
    ///   - payload: The opaque encoded command.
    public init(sequence: UInt64, payload: [UInt8]) {
        self.sequence = sequence
        self.payload = payload
    }
}
