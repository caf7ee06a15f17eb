import Foundation
import Journal

@testable import JournalPostgres

/// The PostgreSQL server named by `BOURSE_TEST_POSTGRES_URL`, with a fresh schema per location.
struct PostgresBackend: JournalBackend {
    var name: String { "postgres" }
    var isDurable: Bool { true }

    func makeLocation() async throws -> any JournalLocation {
        let url = try PostgresTestEnvironment.requireURL()
        let suffix = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        return Location(url: url, schema: "journal_test_\(suffix)")
    }

    struct Location: JournalLocation {
        let url: String
        let schema: String
        func open() async throws -> any JournalStore { try await PostgresJournalStore(url: url, schema: schema) }
        func destroy() async {
            guard let store = try? await PostgresJournalStore(url: url, schema: schema) else { return }
            try? await store.dropSchema()
            try? await store.close()
        }
    }
}

/// Whether and where the PostgreSQL tests run.
enum PostgresTestEnvironment {
    static let url: String? = ProcessInfo.processInfo.environment["BOURSE_TEST_POSTGRES_URL"].flatMap {
        $0.isEmpty ? nil : $0
    }
    static let isCI: Bool = !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty

    /// The tests run when a server is configured, and always in CI, where a missing server must fail them
    /// instead of skipping them silently.
    static var enabled: Bool { url != nil || isCI }

    struct MissingServer: Error, CustomStringConvertible {
        var description: String {
            "CI is set but BOURSE_TEST_POSTGRES_URL is not: .ci/run must start PostgreSQL and export its URL"
        }
    }

    static func requireURL() throws -> String {
        guard let url else { throw MissingServer() }
        return url
    }
}
