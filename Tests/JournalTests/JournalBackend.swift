import Foundation
import Journal

/// A kind of journal store under test: it makes fresh, empty places to keep a journal.
protocol JournalBackend: Sendable {
    /// A short name for messages ("sqlite").
    var name: String { get }
    /// Whether a reopened store sees what an earlier store wrote (false for the in-memory store).
    var isDurable: Bool { get }
    /// A new, empty place for a journal.
    func makeLocation() async throws -> any JournalLocation
}

/// One place holding a journal: every ``open()`` opens a store on the same data.
protocol JournalLocation: Sendable {
    func open() async throws -> any JournalStore
    /// Deletes the journal (best effort).
    func destroy() async
}

extension JournalBackend {
    /// Runs `body` with a fresh location and destroys it afterwards, whatever happens.
    func withLocation<T>(_ body: (any JournalLocation) async throws -> T) async throws -> T {
        let location = try await makeLocation()
        do {
            let result = try await body(location)
            await location.destroy()
            return result
        } catch {
            await location.destroy()
            throw error
        }
    }

    /// Runs `body` with a freshly opened store, closing it afterwards.
    func withStore<T>(_ body: (any JournalStore, any JournalLocation) async throws -> T) async throws -> T {
        try await withLocation { location in
            let store = try await location.open()
            do {
                let result = try await body(store, location)
                try await store.close()
                return result
            } catch {
                try? await store.close()
                throw error
            }
        }
    }
}
