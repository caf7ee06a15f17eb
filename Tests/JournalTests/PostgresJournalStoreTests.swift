import Journal
import Testing

@testable import JournalPostgres

/// Runs against the server named by `BOURSE_TEST_POSTGRES_URL`; skipped without it, except in CI (`CI` set),
/// where a missing server fails every test.
@Suite("PostgreSQL journal store", .enabled(if: PostgresTestEnvironment.enabled))
struct PostgresJournalStoreTests {
    @Test("meets the journal contract", arguments: JournalContract.allCases)
    func contract(_ check: JournalContract) async throws {
        try await check.run(on: PostgresBackend())
    }

    @Test("group commit throughput (printed)")
    func throughput() async throws {
        try await JournalContract.measureThroughput(PostgresBackend())
    }

    @Test("two stores on one schema: the second writer of a sequence is refused, nothing duplicated")
    func concurrentWriters() async throws {
        try await PostgresBackend().withLocation { location in
            let first = try await location.open()
            let second = try await location.open()
            try await first.append(makeRecords(1...3))
            await expectJournalError(.sequenceGap) { try await second.append(makeRecords(1...2)) }
            try await second.append(makeRecords(4...4))
            #expect(try await first.records(from: 1, limit: 10) == makeRecords(1...4))
            try await first.close()
            try await second.close()
        }
    }

    @Test("an unreachable server is reported as storage_unavailable")
    func unreachableServer() async throws {
        do throws(JournalError) {
            var configuration = try PostgresJournalConfiguration(
                url: "postgres://nobody@127.0.0.1:1/none?sslmode=disable")
            configuration.startupTimeout = .seconds(2)
            let store = try await PostgresJournalStore(configuration: configuration)
            Issue.record("connected to port 1")
            try await store.close()
        } catch {
            #expect(error.code == .storageUnavailable, "\(error)")
        }
    }
}
