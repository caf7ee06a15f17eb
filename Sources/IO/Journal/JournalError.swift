/// Why a journal operation failed.
///
/// The ``code`` is stable and meant for programs; the ``message`` says what went wrong and how to fix it; the
/// ``cause`` keeps the underlying storage error (a database error, say) for logs. Never show the cause to a
/// client: it may carry database details.
public struct JournalError: Error, Sendable, CustomStringConvertible {
    /// A stable, extensible error code.
    public struct Code: Hashable, Sendable, RawRepresentable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A batch does not continue the journal contiguously (a gap, an overlap, or a batch out of order);
        /// nothing was written.
        public static let sequenceGap = Code(rawValue: "sequence_gap")
        /// The storage could not be reached or refused the operation (I/O error, lost connection, full disk).
        public static let storageUnavailable = Code(rawValue: "storage_unavailable")
        /// The stored data is damaged or not a journal.
        public static let corrupt = Code(rawValue: "corrupt")
        /// The store or committer was closed before or during the operation.
        public static let closed = Code(rawValue: "closed")
        /// An argument is out of range (a negative limit, a sequence above `Int64.max`, a bad name).
        public static let invalidArgument = Code(rawValue: "invalid_argument")
        /// A snapshot claims records the journal does not hold yet.
        public static let snapshotAhead = Code(rawValue: "snapshot_ahead_of_journal")
        /// Pruning would delete records that no snapshot covers.
        public static let pruneNotCovered = Code(rawValue: "prune_not_covered_by_snapshot")
        /// An earlier group-commit write failed, so this record could not be written without a gap.
        public static let committerFailed = Code(rawValue: "committer_failed")
    }

    /// The stable code.
    public let code: Code
    /// What went wrong and how to fix it.
    public let message: String
    /// The underlying error (a database or I/O error), for logs only.
    public let cause: (any Error)?

    /// Creates an error.
    /// - Parameters:
    ///   - code: The stable code.
    ///   - message: What went wrong and how to fix it.
    ///   - cause: The underlying error, kept for logs.
    public init(_ code: Code, _ message: String, cause: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        guard let cause else { return "\(code): \(message)" }
        return "\(code): \(message) (cause: \(String(describing: cause)))"
    }
}
