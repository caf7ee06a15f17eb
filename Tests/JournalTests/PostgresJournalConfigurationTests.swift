import Journal
import Testing

@testable import JournalPostgres

@Suite("PostgreSQL journal configuration")
struct PostgresJournalConfigurationTests {
    @Test("reads user, password, host, port and database from a URL, decoding escapes")
    func parsesURL() throws {
        let configuration = try PostgresJournalConfiguration(
            url: "postgres://bourse:p%40ss%2Fw@db.example:6543/journal?sslmode=disable",
            schema: "exchange_1"
        )
        #expect(configuration.client.username == "bourse")
        #expect(configuration.client.password == "p@ss/w")
        #expect(configuration.client.host == "db.example")
        #expect(configuration.client.port == 6543)
        #expect(configuration.client.database == "journal")
        #expect(configuration.schema == "exchange_1")
    }

    @Test("defaults: user postgres, host 127.0.0.1, port 5432, no database")
    func defaults() throws {
        let configuration = try PostgresJournalConfiguration(url: "postgresql://")
        #expect(configuration.client.username == "postgres")
        #expect(configuration.client.host == "127.0.0.1")
        #expect(configuration.client.port == 5432)
        #expect(configuration.client.database == nil)
        #expect(configuration.schema == "public")
    }

    @Test("a host query item naming a directory selects the Unix socket")
    func unixSocket() throws {
        let configuration = try PostgresJournalConfiguration(url: "postgres://me@/db?host=/run/postgresql")
        #expect(configuration.client.unixSocketPath == "/run/postgresql/.s.PGSQL.5432")
    }

    @Test("refuses other schemes, unknown sslmodes and schema names that need quoting")
    func refusesBadInput() {
        let badURLs = ["mysql://u@h/db", "not a url", "postgres://u@h/db?sslmode=sometimes"]
        for url in badURLs {
            #expect(throws: JournalError.self) { try PostgresJournalConfiguration(url: url) }
        }
        for schema in ["", "1abc", "Upper", "a-b", "a\"; DROP TABLE x; --", String(repeating: "a", count: 64)] {
            #expect(throws: JournalError.self) {
                try PostgresJournalConfiguration(url: "postgres://u@h/db", schema: schema)
            }
        }
    }

    @Test("messages never show the password")
    func redactsPassword() {
        #expect(!PostgresJournalConfiguration.redacted("postgres://u:secret@h/db").contains("secret"))
    }
}
