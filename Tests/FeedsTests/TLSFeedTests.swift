import BourseCore
import Feeds
import Foundation
import MarketData
import NIOSSL
import Testing
import VenueSimulator

/// Connectors over `wss://` and `https://`, against the simulated venues served with TLS: a certificate for
/// 127.0.0.1 signed by a test-only CA (`scripts/make-test-certificates.sh`).
@Suite("Connectors over TLS", .serialized, .timeLimit(.minutes(4)))
struct TLSFeedTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func serverTLS() throws -> TLSConfiguration {
        let chain = try NIOSSLCertificate.fromPEMFile(fixtures.appendingPathComponent("loopback-cert.pem").path)
        let key = try NIOSSLPrivateKey(file: fixtures.appendingPathComponent("loopback-key.pem").path, format: .pem)
        return .makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
    }

    /// Full verification (chain and host name); trusting the test CA or only the system's roots.
    static func clientConfiguration(trustingTestCA: Bool) throws -> FeedConfiguration {
        var configuration = testFeedConfiguration()
        if trustingTestCA {
            configuration.tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(fixtures.appendingPathComponent("test-ca.pem").path))
        }
        return configuration
    }

    /// The address with TLS, by the certificate's host name (`localhost`: an IP address cannot be sent as the
    /// TLS server name, and real venues are reached by name).
    static func secure(_ address: String) -> String {
        address.replacingOccurrences(of: "ws://", with: "wss://").replacingOccurrences(of: "http://", with: "https://")
            .replacingOccurrences(of: "127.0.0.1", with: "localhost")
    }

    /// A Binance BTCUSDT driver on the harness's venue over `wss://` and `https://`.
    static func secureBinance(_ harness: SimulatorHarness) throws -> BinanceDriver {
        try #require(BinanceDriver(
            symbol: "BTCUSDT", websocketBase: secure(harness.ws(.binance)), restBase: secure(harness.http(.binance))))
    }

    @Test("wss:// sockets and https:// snapshots with a certificate from a trusted root: live, the venue's book")
    func trusted() async throws {
        try await SimulatorHarness.with([.binance, .okx], tls: try Self.serverTLS()) { harness in
            let configuration = try Self.clientConfiguration(trustingTestCA: true)
            // Binance: socket and REST snapshot over TLS. OKX: socket only.
            let binance = try Self.secureBinance(harness)
            #expect(binance.streamURL.hasPrefix("wss://") && binance.snapshotURL.hasPrefix("https://"))
            try await withConnector(binance, configuration: configuration) { connector in
                try await waitFor(connector.status, "live over TLS") { $0.state == .live && $0.counters.applied > 3 }
                try await expectSameBook(harness, .binance, connector)
            }
            let okx = try #require(OKXDriver(instrument: "BTC-USDT", websocketBase: Self.secure(harness.ws(.okx))))
            try await withConnector(okx, configuration: configuration) { connector in
                try await waitFor(connector.status, "live over TLS") { $0.state == .live }
                try await expectSameBook(harness, .okx, connector)
            }
            // The REST client on its own, as order entry and instrument loading use it.
            var fetcher = HTTPFetcher(timeout: .seconds(30))
            fetcher.tls = configuration.tls
            let body = try await fetcher.get(Self.secure(harness.http(.binance)) + "/api/v3/depth?symbol=BTCUSDT&limit=5")
            #expect(String(decoding: body, as: UTF8.self).contains("\"lastUpdateId\""))
        }
    }

    @Test("a certificate from an unknown root is refused: the connector never goes live and says why")
    func untrusted() async throws {
        try await SimulatorHarness.with([.binance, .okx], tls: try Self.serverTLS()) { harness in
            let configuration = try Self.clientConfiguration(trustingTestCA: false)
            let driver = try Self.secureBinance(harness)
            try await withConnector(driver, configuration: configuration) { connector in
                let status = try await waitFor(connector.status, "refused twice") { $0.counters.connectFailures >= 2 }
                #expect(status.counters.applied == 0)
                #expect(status.state != .live)
                #expect(status.lastIssue?.contains("CERTIFICATE_VERIFY_FAILED") == true, "\(status.lastIssue ?? "-")")
            }
            await #expect(throws: HTTPFetchError.self) {
                _ = try await HTTPFetcher(timeout: .seconds(10)).get(Self.secure(harness.http(.binance)) + "/api/v3/depth?symbol=BTCUSDT")
            }
            // Plain HTTP to a TLS port is not answered as if it were fine either.
            await #expect(throws: HTTPFetchError.self) {
                _ = try await HTTPFetcher(timeout: .seconds(3)).get(harness.http(.binance) + "/api/v3/depth?symbol=BTCUSDT")
            }
        }
    }
}
