import Journal
import Testing

/// The storage test suite, written once: every ``JournalStore`` must pass every check.
///
/// Each backend's suite runs `JournalContract.allCases` as the arguments of one parameterized test, so
/// each check shows up (and fails) separately, per backend.
enum JournalContract: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case emptyStore = "an empty store has sequence 0, no records and no snapshot"
    case roundTrip = "appended records read back byte for byte, in order, paged by from and limit"
    case gapRejected = "a batch that does not continue the journal is refused with sequence_gap and writes nothing"
    case snapshots = "the latest snapshot wins; a snapshot ahead of the journal is refused"
    case pruning = "pruning deletes only records a snapshot covers, and appending continues after it"
    case reopen = "a reopened store has every record and snapshot; a closed one refuses work"
    case largeBatch = "10,000 records in one append"
    case concurrentCommitters = "50 concurrent committers: every record once, in the assigned order, all acknowledged"
    case failingWrite = "a failing write fails its waiters and every later record, and writes none of them"

    var testDescription: String { rawValue }

    func run(on backend: any JournalBackend) async throws {
        switch self {
        case .emptyStore: try await Self.checkEmptyStore(backend)
        case .roundTrip: try await Self.checkRoundTrip(backend)
        case .gapRejected: try await Self.checkGapRejected(backend)
        case .snapshots: try await Self.checkSnapshots(backend)
        case .pruning: try await Self.checkPruning(backend)
        case .reopen: try await Self.checkReopen(backend)
        case .largeBatch: try await Self.checkLargeBatch(backend)
        case .concurrentCommitters: try await Self.checkConcurrentCommitters(backend)
        case .failingWrite: try await Self.checkFailingWrite(backend)
        }
    }
}
