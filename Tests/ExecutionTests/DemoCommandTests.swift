import BourseTesting
import Foundation
import Testing

/// `bourse demo` as a real process: every part on loopback, faults injected, and a summary whose counts are
/// checked against the venues' own records.
@Suite("Command line: demo", .serialized, .timeLimit(.minutes(3)))
struct DemoCommandTests {
    @Test("bourse demo trades on several venues with no duplicate order, positions equal the venues', P&L equal to the fills")
    func demo() async throws {
        let binary = try #require(ScriptRunner.bourseExecutable(), "build the bourse executable first")
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("bourse-demo-test-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: data) }
        let root = ScriptRunner.packageRoot(testFile: #filePath)
        let (status, output) = try await ScriptRunner.run(
            [binary.path, "demo", "--duration", "20", "--quiet", "--grpc-port", "0", "--http-port", "0", "--exchange-port", "0",
             "--fault-every", "4", "--data", data],
            in: root, timeout: .seconds(120))
        #expect(status == 0, "\(output)")
        let start = try #require(output.range(of: "\n{")?.lowerBound ?? (output.hasPrefix("{") ? output.startIndex : nil), "\(output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output[start...].utf8)) as? [String: Any], "\(output)")
        #expect(json["duplicate_orders"] as? Int == 0)
        #expect((json["orders_sent"] as? Int ?? 0) > 0)
        #expect(json["positions_match_venues"] as? Bool == true, "\(output)")
        #expect(json["pnl_matches_fills"] as? Bool == true, "\(output)")
        #expect((json["faults_injected"] as? Int ?? 0) >= 2)
        #expect((json["trader_books"] as? Int ?? 0) > 0)
        let fills = try #require(json["fills"] as? [String: Any])
        #expect(!fills.isEmpty, "routed fills: \(output)")
        #expect(json["venue_orders"] as? Int == json["orders_sent"] as? Int, "every intent is exactly one venue order")
    }
}
