import BourseCore
import Synchronization

/// A journal store in memory: the executable model of ``JournalStore`` for tests of upper layers.
///
/// It keeps nothing across processes, so it is not durable; it follows every other rule of the protocol
/// (contiguity, snapshots, pruning, closing) and passes the same test suite as the real stores.
public final class InMemoryJournalStore: JournalStore {
    private struct State {
        var records: [JournalRecord] = []
        var snapshots: [UInt64: JournalSnapshot] = [:]
        var closed = false

        var lastSequence: UInt64 {
            max(records.last?.sequence ?? 0, snapshots.keys.max() ?? 0)
        }

        func checkOpen() throws(JournalError) {
            if closed { throw JournalError.closedStore("in-memory") }
        }
    }

    private let state = Mutex(State())

    /// Creates an empty store.
    public init() {}

    public func append(_ records: [JournalRecord]) async throws(JournalError) {
        try appendNow(records)
    }

    /// The store is synchronous anyway, so it offers its append as a blocking one too.
    public var blockingAppender: BlockingAppender? {
        BlockingAppender { [self] (records) throws(JournalError) in try appendNow(records) }
    }

    private func appendNow(_ records: [JournalRecord]) throws(JournalError) {
        try state.withLock { (state) throws(JournalError) in
            try state.checkOpen()
            try JournalRecord.validateBatch(records, after: state.lastSequence)
            state.records.append(contentsOf: records)
        }
    }

    public func lastSequence() async throws(JournalError) -> UInt64 {
        try state.withLock { (state) throws(JournalError) in
            try state.checkOpen()
            return state.lastSequence
        }
    }

    public func records(from: UInt64, limit: Int) async throws(JournalError) -> [JournalRecord] {
        try JournalRecord.validateLimit(limit)
        return try state.withLock { (state) throws(JournalError) in
            try state.checkOpen()
            // Records are sorted and contiguous, so the first index at or after `from` is found by bisection.
            let start = state.records.partitioningIndex { $0.sequence >= from }
            return Array(state.records[start...].prefix(limit))
        }
    }

    public func saveSnapshot(_ snapshot: JournalSnapshot) async throws(JournalError) {
        try state.withLock { (state) throws(JournalError) in
            try state.checkOpen()
            let last = state.lastSequence
            guard snapshot.sequence <= last else { throw JournalError.snapshotAhead(snapshot.sequence, last: last) }
            state.snapshots[snapshot.sequence] = snapshot
        }
    }

    public func latestSnapshot() async throws(JournalError) -> JournalSnapshot? {
        try state.withLock { (state) throws(JournalError) in
            try state.checkOpen()
            return state.snapshots.keys.max().flatMap { state.snapshots[$0] }
        }
    }

    public func pruneRecords(through: UInt64) async throws(JournalError) {
        try state.withLock { (state) throws(JournalError) in
            try state.checkOpen()
            let latest = state.snapshots.keys.max()
            guard let latest, latest >= through else {
                throw JournalError.pruneNotCovered(through, latestSnapshot: latest)
            }
            state.records.removeAll { $0.sequence <= through }
            state.snapshots = state.snapshots.filter { $0.key >= through }
        }
    }

    public func close() async throws(JournalError) {
        state.withLock { $0.closed = true }
    }
}
