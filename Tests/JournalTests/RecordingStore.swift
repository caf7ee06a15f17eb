import Journal
import Synchronization

/// A store wrapper that records the size of every append, to see how the committer batches.
final class RecordingStore: JournalStore {
    let base: any JournalStore
    private let sizes = Mutex<[Int]>([])

    init(_ base: any JournalStore) { self.base = base }

    /// The sizes of the appends so far, in order.
    var batchSizes: [Int] { sizes.withLock { $0 } }

    func append(_ records: [JournalRecord]) async throws(JournalError) {
        sizes.withLock { $0.append(records.count) }
        try await base.append(records)
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
