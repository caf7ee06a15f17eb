import Foundation
import Journal
import JournalSQLite

/// SQLite files in a fresh temporary directory per location.
struct SQLiteBackend: JournalBackend {
    var name: String { "sqlite" }
    var isDurable: Bool { true }

    func makeLocation() async throws -> any JournalLocation {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("bourse-journal-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return Location(directory: directory)
    }

    struct Location: JournalLocation {
        let directory: URL
        var path: String { directory.appendingPathComponent("journal.sqlite").path }
        func open() async throws -> any JournalStore { try SQLiteJournalStore(path: path) }
        func destroy() async { try? FileManager.default.removeItem(at: directory) }
    }
}
