import ArgumentParser
import ExchangeServer
import ExchangeService
import Foundation
import Journal
import JournalPostgres
import JournalSQLite

/// `bourse exchange`: runs the exchange (REST under /api/v1, WebSocket at /realtime) on a durable journal.
///
/// SQLite under `--data` (default `./data/journal.sqlite`) unless `--postgres URL` is given. On the first start
/// (empty journal) it creates the demo instruments and users with random credentials, written once to
/// `<data>/credentials.json` (mode 0600).
struct ExchangeServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exchange",
        abstract: "Run the exchange: HTTP API under /api/v1 and WebSocket at /realtime."
    )

    @Option(help: "Folder for the SQLite journal and the demo credentials.")
    var data: String = "./data"

    @Option(help: "PostgreSQL URL (postgres://user:password@host:port/database) instead of SQLite.")
    var postgres: String?

    @Option(help: "Address to listen on.")
    var host: String = "127.0.0.1"

    @Option(help: "Port to listen on.")
    var port: Int = 8080

    @Option(help: "Requests per second allowed per API key or session (bursts of twice that).")
    var rateLimit: Double = 200

    @Option(help: "Commands between two state snapshots (restart replays at most this many journal records; 0: none).")
    var snapshotInterval: UInt64 = ExchangeSequencer.defaultSnapshotInterval

    @Flag(help: "Write the journal from a task with the store's async append, not from a thread of its own (for A/B runs).")
    var journalWriterTask = false

    @Flag(help: "Send every order through the general HTTP router (no event-loop order-entry lane; for A/B runs).")
    var noOrderLane = false

    func run() async throws {
        let store: any JournalStore
        if let postgres {
            store = try await PostgresJournalStore(url: postgres)
        } else {
            store = try SQLiteJournalStore(path: data + "/journal.sqlite")
        }
        let sequencer = try await ExchangeSequencer.open(
            store: store, snapshotInterval: snapshotInterval, journalWriter: journalWriterTask ? .task : .thread)
        let dataFolder = data
        var configuration = ExchangeServerConfiguration(host: host, port: port, rateLimit: rateLimit, rateBurst: 2 * rateLimit)
        configuration.orderEntryLane = !noOrderLane
        try await ExchangeRunner.run(
            sequencer: sequencer,
            configuration: configuration,
            prepare: { sequencer in
                guard await DemoSetup.isEmpty(sequencer) else { return }
                let credentials = try await DemoSetup.create(on: sequencer)
                let file = try Self.writeOnce(credentials, folder: dataFolder)
                Self.say("First start: created BTC-USDT, ETH-USDT, ETH-BTC, the admin and demo users; credentials in \(file)")
            },
            onListening: { host, port in
                Self.say(
                    "Bourse exchange listening on http://\(host):\(port) (REST /api/v1, Binance /api/v3; "
                        + "WebSocket ws://\(host):\(port)/realtime, Binance /ws and /stream)")
            })
        // A clean stop leaves a snapshot of the final state, so the next start replays nothing.
        if snapshotInterval > 0 { _ = try? await sequencer.saveSnapshot() }
        try await store.close()
    }

    /// Prints a line unbuffered (stdout is block-buffered when it is a pipe, and the banner must show at once).
    static func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    /// Writes the credentials to `credentials.json`, or to a new timestamped file if that exists (never
    /// overwrites), readable by the owner only.
    static func writeOnce(_ credentials: DemoSetup.Credentials, folder: String) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var path = folder + "/credentials.json"
        if FileManager.default.fileExists(atPath: path) {
            path = folder + "/credentials-\(Int(Date().timeIntervalSince1970)).json"
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(credentials)
        guard FileManager.default.createFile(atPath: path, contents: data, attributes: [.posixPermissions: 0o600])
        else { throw ValidationError("cannot write \(path)") }
        return path
    }
}
