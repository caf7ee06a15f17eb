import Journal
import Testing

@Suite("In-memory journal store")
struct InMemoryJournalStoreTests {
    @Test("meets the journal contract", arguments: JournalContract.allCases)
    func contract(_ check: JournalContract) async throws {
        try await check.run(on: InMemoryBackend())
    }
}
