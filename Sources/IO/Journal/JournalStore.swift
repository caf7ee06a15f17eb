/// Durable storage of the journal: contiguous records plus snapshots of the state.
///
/// Implementations: ``InMemoryJournalStore`` (tests), `SQLiteJournalStore` (module `JournalSQLite`) and
/// `PostgresJournalStore` (module `JournalPostgres`). Every implementation passes the same test suite.
///
/// Every method throws ``JournalError`` only; a storage error is kept as its ``JournalError/cause``. After
/// ``close()``, every method throws ``JournalError/Code-swift.struct/closed``.
public protocol JournalStore: Sendable {
    /// Appends a batch of records in one durable transaction.
    ///
    /// When this returns, every record of the batch survives a crash of the process (kill -9) or, for a
    /// server database, of the client. The batch must continue the journal: its first sequence is
    /// ``lastSequence()`` + 1 and each next one is one more. Otherwise it throws
    /// ``JournalError/Code-swift.struct/sequenceGap`` and writes nothing. On any error nothing of the batch is
    /// written. An empty batch does nothing.
    /// - Parameter records: The records, in ascending contiguous order.
    func append(_ records: [JournalRecord]) async throws(JournalError)

    /// The synchronous form of ``append(_:)``, if the store has one (`nil` by default). ``GroupCommitter`` then
    /// writes on a thread of its own.
    var blockingAppender: BlockingAppender? { get }

    /// The sequence of the last record written (or of the latest snapshot, if its records were pruned);
    /// 0 for an empty journal.
    func lastSequence() async throws(JournalError) -> UInt64

    /// Up to `limit` records with `sequence >= from`, ascending.
    ///
    /// Pruned records are not returned: reading from below the first retained record starts at that record.
    /// - Parameters:
    ///   - from: The first sequence wanted.
    ///   - limit: The maximum number of records (0 returns none; negative throws `invalid_argument`).
    func records(from: UInt64, limit: Int) async throws(JournalError) -> [JournalRecord]

    /// Stores a snapshot durably, replacing any snapshot with the same sequence.
    ///
    /// Throws ``JournalError/Code-swift.struct/snapshotAhead`` when `snapshot.sequence` is above
    /// ``lastSequence()``: a snapshot may only cover records already journaled.
    func saveSnapshot(_ snapshot: JournalSnapshot) async throws(JournalError)

    /// The snapshot with the highest sequence, or `nil` when none was saved.
    func latestSnapshot() async throws(JournalError) -> JournalSnapshot?

    /// Deletes the records with `sequence <= through` (optional housekeeping once a snapshot covers them), and
    /// the snapshots older than `through`, which can no longer be replayed from.
    ///
    /// Throws ``JournalError/Code-swift.struct/pruneNotCovered`` when no snapshot has a sequence of at least
    /// `through`, and deletes nothing: recovery must always find a snapshot plus every record after it.
    func pruneRecords(through: UInt64) async throws(JournalError)

    /// Closes the store and releases its resources. Idempotent; later calls to other methods throw
    /// ``JournalError/Code-swift.struct/closed``.
    func close() async throws(JournalError)
}
