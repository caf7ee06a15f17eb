import BourseCore
import BourseTesting
import Feeds
import Foundation
import MarketData
import MarketDataRecording
import Testing
import VenueSimulator

@Suite("Record and replay", .serialized, .timeLimit(.minutes(4)))
struct RecordReplayTests {
    @Test("a recording replayed through the same driver ends with the live connector's book", arguments: SimulatedVenueKind.allCases)
    func roundTrip(_ kind: SimulatedVenueKind) async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bourse-record-\(kind.rawValue)-\(UInt32.random(in: 0...UInt32.max)).gz").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try RecordingWriter(path: path)
        try await SimulatorHarness.with([kind]) { harness in
            let driver = AnyVenueDriver(harness.driver(kind))
            let connector = FeedConnector(driver: driver, configuration: testFeedConfiguration(), tap: { writer.write($0) })
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await connector.run() }
                try await waitFor(connector.status, "live with updates") { $0.state == .live && $0.counters.applied > 10 }
                // A fault in the middle: the recording holds the reconnect and the new snapshot.
                await harness.venue(kind).inject(.drop)
                try await waitFor(connector.status, "reconnected") { $0.counters.reconnects >= 1 && $0.state == .live }
                await harness.simulator.pause()
                // The last diffs arrive: wait until nothing has changed for a second (a loaded CI machine can hold
                // frames back for a while), so the recording and the final status cover the same frames.
                var final = connector.status.current.value
                var quiet = 0
                for _ in 0..<60 where quiet < 4 {
                    try await Task.sleep(for: .milliseconds(250))
                    let now = connector.status.current.value
                    quiet = now.counters.messages == final.counters.messages ? quiet + 1 : 0
                    final = now
                }
                #expect(final.state == .live)
                group.cancelAll()
                try await group.waitForAll()
                writer.close()
                let frames = try RecordingLoader.load(path: path)
                #expect(frames.contains { $0.kind == .connect })
                #expect(frames.filter { $0.kind == .connect }.count >= 2)
                var replay = DriverReplay(driver: AnyVenueDriver(harness.driver(kind)))
                for frame in frames { replay.feed(frame) }
                #expect(replay.driver.isSynced)
                #expect(levels(replay.driver.book, scales: replay.driver.scales, depth: 1_000)
                        == levels(final.book, scales: final.scales, depth: 1_000))
                #expect(replay.driver.syncCounters.applied == final.counters.applied)
                if let okx = replay.driver.base as? OKXDriver {
                    #expect(okx.checksumsVerified >= final.counters.applied, "every OKX message carries a checksum that must match")
                }
                // The command line does the same: `bourse replay --connector` ends with the live connector's book.
                let binary = try #require(ScriptRunner.bourseExecutable(), "build the bourse executable first")
                let (status, output) = try await ScriptRunner.run(
                    [binary.path, "replay", path, "--connector", "--venue", kind.rawValue, "--symbol", "BTC/USDT", "--json", "--depth", "1000"],
                    in: URL(fileURLWithPath: FileManager.default.currentDirectoryPath), timeout: .seconds(60))
                #expect(status == 0, "\(output)")
                let line = try #require(output.split(separator: "\n").last { $0.hasPrefix("{") }, "\(output)")
                let result = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                var rows: [String] = []
                for (side, key) in [("b", "bids"), ("a", "asks")] {
                    for level in result[key] as? [[String]] ?? [] { rows.append("\(side) \(level[0]) \(level[1])") }
                }
                #expect(rows == levels(final.book, scales: final.scales, depth: 1_000))
                #expect(result["applied"] as? Int == final.counters.applied, "\(line)")
                harness.simulator.resume()
            }
        }
    }
}
