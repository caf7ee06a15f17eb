import Foundation
import Testing

/// `bourse bench http-ceiling`: the exchange's HTTP stack with no work behind it, used to measure the HTTP layer's
/// ceiling (scripts/bench-rest-cpu.sh with BOURSE_SERVER=http-ceiling).
@Suite("HTTP ceiling server")
struct HTTPCeilingTests {
    @Test("answers every request, pipelined or split, with the lane's status and an order-sized JSON body")
    func answers() async throws {
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("http-ceiling-\(UUID().uuidString).log")
        defer { try? FileManager.default.removeItem(at: log) }
        let server = try ExchangeProcess(
            binary: try bourseExecutable(), arguments: ["bench", "http-ceiling", "--port", "0"], logPath: log.path)
        defer { server.kill() }
        try await server.waitUntilListening(timeout: .seconds(30))
        let body = #"{"symbol":"BTC-USDT","side":"buy","type":"limit","price":"50000.00","size":"0.0001"}"#
        let request =
            "POST /api/v1/orders HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)"
        let port = server.port
        // Two pipelined in one send, then one split in the middle of its body.
        let cut = request.index(request.endIndex, offsetBy: -10)
        let responses = try await onOwnThread {
            try RawHTTP.exchange(
                port: port, steps: [(request + request, 2), (String(request[..<cut]), 2), (String(request[cut...]), 3)])
        }
        #expect(responses.map(\.status) == [201, 201, 201])
        for response in responses {
            let object = try #require(response.json as? [String: Any])
            #expect(object["status"] as? String == "open")
            #expect(object["symbol"] as? String == "BTC-USDT")
        }
    }
}
