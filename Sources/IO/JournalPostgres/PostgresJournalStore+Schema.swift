import Journal
import PostgresNIO

extension PostgresJournalStore {
    /// Creates the schema (only when missing, so a role without CREATE on the database can use an existing
    /// one) and the two tables.
    func createTables(schemaName: String, timeout: Duration) async throws(JournalError) {
        typealias Outcome = Result<Void, JournalError>
        // A server that is down makes the client retry for a long time: bound the wait.
        let outcome: Outcome? = await withTaskGroup(of: Outcome?.self) { group in
            group.addTask {
                do throws(JournalError) {
                    try await self.createTablesNow(schemaName: schemaName)
                    return .success(())
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let outcome else {
            throw JournalError(
                .storageUnavailable,
                "could not reach PostgreSQL and create the journal tables within \(timeout); "
                    + "check that the server runs and the URL"
            )
        }
        try outcome.get()
    }

    private func createTablesNow(schemaName: String) async throws(JournalError) {
        try await perform("create the journal tables") {
            try await client.withConnection { connection in
                let existing = try await connection.query(
                    "SELECT 1 FROM pg_namespace WHERE nspname = \(schemaName)",
                    logger: logger
                )
                var found = false
                for try await _ in existing { found = true }
                if !found {
                    try await connection.query("CREATE SCHEMA IF NOT EXISTS \(unescaped: schema)", logger: logger)
                }
                for table in [recordsTable, snapshotsTable] {
                    try await connection.query(
                        """
                        CREATE TABLE IF NOT EXISTS \(unescaped: table) (
                            sequence BIGINT PRIMARY KEY,
                            payload BYTEA NOT NULL
                        )
                        """,
                        logger: logger
                    )
                }
            }
        }
    }

    /// The last record's sequence, or the latest snapshot's when its records were pruned; 0 when empty.
    func lastSequence(on connection: PostgresConnection) async throws -> UInt64 {
        let rows = try await connection.query(
            """
            SELECT GREATEST((SELECT max(sequence) FROM \(unescaped: recordsTable)),
                            (SELECT max(sequence) FROM \(unescaped: snapshotsTable)), 0)::int8
            """,
            logger: logger
        )
        var last: Int64 = 0
        for try await value in rows.decode(Int64.self) { last = value }
        return UInt64(clamping: last)
    }

    /// Drops the schema and everything in it. For tests that each use a fresh schema.
    func dropSchema() async throws(JournalError) {
        try await perform("drop the journal schema") {
            try await client.query("DROP SCHEMA IF EXISTS \(unescaped: schema) CASCADE", logger: logger)
        }
    }

    static func record(_ sequence: Int64, _ payload: ByteBuffer, table: String) throws(JournalError) -> JournalRecord {
        guard sequence >= 0 else {
            throw JournalError(.corrupt, "a row of \(table) has the negative sequence \(sequence)")
        }
        return JournalRecord(sequence: UInt64(sequence), payload: Array(payload.readableBytesView))
    }
}
