import BourseTesting
import BourseCore
import ExchangeCore
import ExchangeServer
import ExchangeService
import Foundation
import Journal
import JournalSQLite
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What the client was told: the order's id, owner and the size filled at the time of the acknowledgement.
struct Acknowledged: Sendable {
    var id: UInt64
    var account: UInt32
    var filled: String
}

/// A `bourse exchange` child process on a temporary data folder.
final class ExchangeProcess {
    let process = Process()
    let logPath: String
    private(set) var port = 0

    /// Starts `bourse exchange --port 0`; ``waitUntilListening(timeout:)`` waits until it prints where it listens.
    convenience init(binary: URL, data: URL, round: Int) throws {
        // Frequent snapshots, so kills also land while a snapshot is being written and restarts go through them.
        try self.init(
            binary: binary, arguments: ["exchange", "--data", data.path, "--port", "0", "--snapshot-interval", "97"],
            logPath: data.appendingPathComponent("stdout-\(round).log").path)
    }

    /// Starts `bourse` with `arguments` (a server on port 0), its output going to `logPath`.
    init(binary: URL, arguments: [String], logPath: String) throws {
        self.logPath = logPath
        FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = binary
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardError = process.standardOutput
        try process.run()
    }

    /// Polls the log for "listening on http://127.0.0.1:PORT".
    func waitUntilListening(timeout: Duration = .seconds(60)) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
            if let range = text.range(of: "listening on http://127.0.0.1:") {
                let digits = text[range.upperBound...].prefix { $0.isNumber }
                if let p = Int(digits), p > 0 {
                    port = p
                    return
                }
            }
            if !process.isRunning { throw CrashTestError("exchange exited early: \(text)") }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw CrashTestError("exchange did not start listening in time")
    }

    func kill() {
        Glibc.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

struct CrashTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The `bourse` executable built next to this test bundle.
func bourseExecutable() throws -> URL {
    guard let url = ScriptRunner.bourseExecutable() else {
        throw CrashTestError("no bourse executable next to the test bundle: run `swift build --build-tests` first")
    }
    return url
}

@Suite("Crash recovery with SIGKILL")
struct CrashRecoveryTests {
    static let rounds = 20

    @Test("20 kill -9 at random moments: every acknowledged order survives, nothing is half-applied, balances conserve")
    func killRepeatedly() async throws {
        let binary = try bourseExecutable()
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("bourse-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: data, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: data) }
        var rng = SystemRandomNumberGenerator()
        var acknowledged: [Acknowledged] = []
        var users: [DemoSetup.User] = []

        for round in 0..<Self.rounds {
            let exchange = try ExchangeProcess(binary: binary, data: data, round: round)
            do {
                try await exchange.waitUntilListening()
            } catch {
                exchange.kill()
                throw error
            }
            let client = APIClient(port: exchange.port)
            if users.isEmpty {
                let file = data.appendingPathComponent("credentials.json")
                let credentials = try JSONDecoder().decode(DemoSetup.Credentials.self, from: Data(contentsOf: file))
                users = credentials.users
            }
            // Everything acknowledged before the previous kill is there, owned by the same user.
            for user in users {
                let listed = try await client.get("/api/v1/orders?status=all&limit=100000", auth: .key(user))
                #expect(listed.status == 200)
                let ids = Set(listed.array.compactMap { ($0["id"] as? NSNumber)?.uint64Value })
                for ack in acknowledged where ack.account == user.account {
                    #expect(ids.contains(ack.id), "round \(round): acknowledged order \(ack.id) of \(user.username) is missing")
                }
            }
            // Drive orders from several clients, then kill at a random moment while requests are in flight.
            let runFor = Duration.milliseconds(Int.random(in: 150...700, using: &rng))
            let drivers = users.map { user in
                Task { () -> [Acknowledged] in
                    var acks: [Acknowledged] = []
                    var own: [UInt64] = []
                    var local = SystemRandomNumberGenerator()
                    while !Task.isCancelled {
                        do {
                            if !own.isEmpty && Int.random(in: 0..<5, using: &local) == 0 {
                                let id = own.removeLast()
                                _ = try await client.delete("/api/v1/orders/\(id)", auth: .key(user))
                                continue
                            }
                            let side = Bool.random(using: &local) ? "buy" : "sell"
                            let price = "\(19_900 + Int.random(in: 0...200, using: &local))"
                            let size = "0.\(String(format: "%04d", Int.random(in: 1...300, using: &local)))"
                            let response = try await client.place(.key(user), side: side, price: price, size: size)
                            if response.status == 200 || response.status == 201,
                                let id = (response.object["id"] as? NSNumber)?.uint64Value
                            {
                                acks.append(Acknowledged(id: id, account: user.account, filled: response.object["filled"] as? String ?? "0"))
                                own.append(id)
                            }
                        } catch {
                            break  // the connection died with the process
                        }
                    }
                    return acks
                }
            }
            try await Task.sleep(for: runFor)
            exchange.kill()
            for driver in drivers {
                driver.cancel()
                acknowledged += await driver.value
            }
        }
        #expect(acknowledged.count > 100, "only \(acknowledged.count) orders acknowledged: the test drove too little")

        // Recover the journal in this process: the invariants hold and every acknowledged order is there with at
        // least the fills it was acknowledged with.
        let store = try SQLiteJournalStore(path: data.appendingPathComponent("journal.sqlite").path)
        let sequencer = try await ExchangeSequencer.open(store: store)
        #expect(await sequencer.read { $0.checkInvariants() } == nil)
        let recovered = await sequencer.read { state in
            Dictionary(uniqueKeysWithValues: state.orders.records.map { ($0.id.rawValue, $0.account.rawValue) })
        }
        for ack in acknowledged {
            #expect(recovered[ack.id] == ack.account, "acknowledged order \(ack.id) not recovered")
        }
        let filled = await sequencer.read { state in
            Dictionary(uniqueKeysWithValues: state.orders.records.map { ($0.id.rawValue, $0.filled.rawValue) })
        }
        for ack in acknowledged {
            let acknowledgedFill = try FixedPoint.parse(ack.filled, scale: 6)
            #expect((filled[ack.id] ?? -1) >= acknowledgedFill, "order \(ack.id) lost fills")
        }
        // Snapshots were written between kills, and snapshot + tail gives byte for byte the state that replaying
        // every record from the first gives.
        let latest = try #require(try await store.latestSnapshot())
        #expect(latest.sequence > 97)
        let fromSnapshot = await sequencer.read { $0.snapshot() }
        let replayed = ExchangeState()
        var next: UInt64 = 1
        while true {
            let records = try await store.records(from: next, limit: 4_096)
            if records.isEmpty { break }
            for record in records { replayed.apply(try CommandCodec.decode(record.payload)) }
            next = replayed.sequence + 1
        }
        #expect(replayed.snapshot() == fromSnapshot)
        try await store.close()
    }
}
