import Journal
import Synchronization

/// A store wrapper that records the size of every append, to see how the committer batches.
final class RecordingStore: JournalStore {
    let base: any JournalStore
    private let sizes = Mutex<[Int]>([])
    private let blocking = Mutex(0)

    init(_ base: any JournalStore) { self.base = base }

    /// The sizes of the appends so far, in order.
    var batchSizes: [Int] { sizes.withLock { $0 } }
    /// How many of those appends came through the blocking appender.
    var blockingAppends: Int { blocking.withLock { $0 } }

    func append(_ records: [JournalRecord]) async throws(JournalError) {
        sizes.withLock { $0.append(records.count) }
        try await base.append(records)
    }

    /// The base store's blocking appender, recording sizes too, so the committer writes as it would on the base.
    var blockingAppender: BlockingAppender? {
        guard let inner = base.blockingAppender else { return nil }
        return BlockingAppender { [self] (records) throws(JournalError) in
            sizes.withLock { $0.append(records.count) }
            blocking.withLock { $0 += 1 }
            try inner.append(records)
        }
    }

    func lastSequence() async throws(JournalError) -> UInt64 { try await base.lastSequence() }
    func records(from: UInt64, limit: Int) async throws(JournalError) -> [JournalRecord] {
        try await base.records(from: from, limit: limit)
    }
    func saveSnapshot(_ snapshot: JournalSnapshot) async throws(JournalError) { try await base.saveSnapshot(snapshot) }
    func latestSnapshot() async throws(JournalError) -> JournalSnapshot? { try await base.latestSnapshot() }
    func pruneRecords(through: UInt64) async throws(JournalError) { try await base.pruneRecords(through: through) }
    func close() async throws(JournalError) { try await base.close() }
}
