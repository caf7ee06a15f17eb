import Journal
import PostgresNIO
import Synchronization

/// The server journal store: PostgreSQL through PostgresNIO's `PostgresClient`.
///
/// Tables in the configured schema (created if missing): `journal_records(sequence BIGINT PRIMARY KEY,
/// payload BYTEA)` and `journal_snapshots(sequence BIGINT PRIMARY KEY, payload BYTEA)`. Each ``append(_:)``
/// is one transaction that inserts the whole batch with one statement (`unnest` of two arrays); with the
/// server's default `synchronous_commit = on`, a returned append is flushed to the server's WAL.
///
/// The store owns its client's `run()` task when created from a URL or configuration: ``close()`` cancels it
/// and waits for it to end. Created with ``init(client:schema:logger:)``, the caller runs and ends the client.
public final class PostgresJournalStore: JournalStore {
    let client: PostgresClient
    let logger: Logger
    /// The quoted schema, for SQL text (validated as a plain identifier first).
    let schema: String
    let recordsTable: String
    let snapshotsTable: String
    private let runTask: Task<Void, Never>?
    private let isClosed = Mutex(false)

    /// Connects to the server at `url` and creates the schema and tables if missing.
    /// - Parameters:
    ///   - url: `postgres://user:password@host:port/database` (see ``PostgresJournalConfiguration``).
    ///   - schema: The schema of the journal tables.
    ///   - logger: Where the client logs queries and connection events.
    /// - Throws: `invalid_argument` for a bad URL or schema, `storage_unavailable` when the server cannot be
    ///   reached or refuses the schema.
    public convenience init(
        url: String,
        schema: String = "public",
        logger: Logger = Logger(label: "bourse.journal.postgres")
    ) async throws(JournalError) {
        try await self.init(configuration: PostgresJournalConfiguration(url: url, schema: schema), logger: logger)
    }

    /// Connects with `configuration` and creates the schema and tables if missing.
    public convenience init(
        configuration: PostgresJournalConfiguration,
        logger: Logger = Logger(label: "bourse.journal.postgres")
    ) async throws(JournalError) {
        let client = PostgresClient(configuration: configuration.client, backgroundLogger: logger)
        // The store's own root for the client's background work; close() cancels it and waits for it.
        let (started, signalStart) = AsyncStream<Void>.makeStream()
        let runTask = Task {
            signalStart.finish()
            await client.run()
        }
        // Leasing before run() began only logs a warning, but wait for the task to start anyway.
        for await _ in started {}
        do {
            try await self.init(
                client: client,
                schema: configuration.schema,
                logger: logger,
                runTask: runTask,
                startupTimeout: configuration.startupTimeout
            )
        } catch {
            runTask.cancel()
            await runTask.value
            throw error
        }
    }

    /// Uses a client that the caller runs (in its `ServiceGroup`, say) and creates the schema and tables if
    /// missing. ``close()`` then leaves the client running.
    public convenience init(
        client: PostgresClient,
        schema: String = "public",
        logger: Logger = Logger(label: "bourse.journal.postgres"),
        startupTimeout: Duration = .seconds(10)
    ) async throws(JournalError) {
        guard PostgresJournalConfiguration.isPlainIdentifier(schema) else {
            throw JournalError(.invalidArgument, "schema name '\(schema)' is not a plain identifier")
        }
        try await self.init(
            client: client,
            schema: schema,
            logger: logger,
            runTask: nil,
            startupTimeout: startupTimeout
        )
    }

    private init(
        client: PostgresClient,
        schema: String,
        logger: Logger,
        runTask: Task<Void, Never>?,
        startupTimeout: Duration
    ) async throws(JournalError) {
        self.client = client
        self.logger = logger
        self.schema = "\"\(schema)\""
        self.recordsTable = "\"\(schema)\".journal_records"
        self.snapshotsTable = "\"\(schema)\".journal_snapshots"
        self.runTask = runTask
        try await createTables(schemaName: schema, timeout: startupTimeout)
    }

    public func append(_ records: [JournalRecord]) async throws(JournalError) {
        try checkOpen()
        guard let lastRecord = records.last else { return }
        _ = try JournalRecord.storageInteger(lastRecord.sequence)
        let sequences = records.map { Int64($0.sequence) }
        let payloads = records.map { ByteBuffer(bytes: $0.payload) }
        try await perform("append records") {
            try await client.withTransaction(logger: logger) { connection in
                let last = try await self.lastSequence(on: connection)
                try JournalRecord.validateBatch(records, after: last)
                try await connection.query(
                    """
                    INSERT INTO \(unescaped: recordsTable) (sequence, payload)
                    SELECT * FROM unnest(\(sequences)::int8[], \(payloads)::bytea[])
                    """,
                    logger: logger
                )
            }
        }
    }

    public func lastSequence() async throws(JournalError) -> UInt64 {
        try checkOpen()
        return try await perform("read the last sequence") {
            try await client.withConnection { connection in try await self.lastSequence(on: connection) }
        }
    }

    public func records(from: UInt64, limit: Int) async throws(JournalError) -> [JournalRecord] {
        try checkOpen()
        try JournalRecord.validateLimit(limit)
        guard limit > 0, let start = Int64(exactly: from) else { return [] }
        return try await perform("read records") {
            let rows = try await client.query(
                """
                SELECT sequence, payload FROM \(unescaped: recordsTable)
                WHERE sequence >= \(start) ORDER BY sequence LIMIT \(limit)
                """,
                logger: logger
            )
            var records: [JournalRecord] = []
            for try await (sequence, payload) in rows.decode((Int64, ByteBuffer).self) {
                records.append(try Self.record(sequence, payload, table: "journal_records"))
            }
            return records
        }
    }

    public func saveSnapshot(_ snapshot: JournalSnapshot) async throws(JournalError) {
        try checkOpen()
        let sequence = try JournalRecord.storageInteger(snapshot.sequence)
        let payload = ByteBuffer(bytes: snapshot.payload)
        try await perform("save a snapshot") {
            try await client.withTransaction(logger: logger) { connection in
                let last = try await self.lastSequence(on: connection)
                guard snapshot.sequence <= last else { throw JournalError.snapshotAhead(snapshot.sequence, last: last) }
                try await connection.query(
                    """
                    INSERT INTO \(unescaped: snapshotsTable) (sequence, payload) VALUES (\(sequence), \(payload))
                    ON CONFLICT (sequence) DO UPDATE SET payload = EXCLUDED.payload
                    """,
                    logger: logger
                )
            }
        }
    }

    public func latestSnapshot() async throws(JournalError) -> JournalSnapshot? {
        try checkOpen()
        return try await perform("read the latest snapshot") {
            let rows = try await client.query(
                "SELECT sequence, payload FROM \(unescaped: snapshotsTable) ORDER BY sequence DESC LIMIT 1",
                logger: logger
            )
            for try await (sequence, payload) in rows.decode((Int64, ByteBuffer).self) {
                let record = try Self.record(sequence, payload, table: "journal_snapshots")
                return JournalSnapshot(sequence: record.sequence, payload: record.payload)
            }
            return nil
        }
    }

    public func pruneRecords(through: UInt64) async throws(JournalError) {
        try checkOpen()
        let bound = try JournalRecord.storageInteger(through)
        try await perform("prune records") {
            try await client.withTransaction(logger: logger) { connection in
                let rows = try await connection.query(
                    "SELECT max(sequence) FROM \(unescaped: snapshotsTable)",
                    logger: logger
                )
                var latest: Int64?
                for try await (value) in rows.decode(Int64?.self) { latest = value }
                guard let latest, latest >= bound else {
                    throw JournalError.pruneNotCovered(through, latestSnapshot: latest.map { UInt64($0) })
                }
                try await connection.query(
                    "DELETE FROM \(unescaped: recordsTable) WHERE sequence <= \(bound)",
                    logger: logger
                )
                try await connection.query(
                    "DELETE FROM \(unescaped: snapshotsTable) WHERE sequence < \(bound)",
                    logger: logger
                )
            }
        }
    }

    public func close() async throws(JournalError) {
        let alreadyClosed = isClosed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !alreadyClosed, let runTask else { return }
        // Cancelling run() is how a PostgresClient shuts down: it closes its connections and returns.
        runTask.cancel()
        await runTask.value
    }

    func checkOpen() throws(JournalError) {
        if isClosed.withLock({ $0 }) { throw JournalError.closedStore("PostgreSQL") }
    }

    func perform<T: Sendable>(_ operation: String, _ body: () async throws -> T) async throws(JournalError) -> T {
        do {
            return try await body()
        } catch {
            throw PostgresJournalError.map(error, operation)
        }
    }
}
