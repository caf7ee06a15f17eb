import Journal

/// The in-memory model store: every open returns the same instance until it is closed.
struct InMemoryBackend: JournalBackend {
    var name: String { "memory" }
    var isDurable: Bool { false }

    func makeLocation() async throws -> any JournalLocation { Location() }

    final class Location: JournalLocation {
        let store = InMemoryJournalStore()
        func open() async throws -> any JournalStore { store }
        func destroy() async {}
    }
}
