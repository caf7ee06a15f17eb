import Foundation
import MarketData
import MarketDataRecording

/// The recorded captures in the shared data folder: `BOURSE_DATA_DIR`, or `../shared/data` beside the package
/// checkout (where CI puts it).
enum Captures {
    static let root = ProcessInfo.processInfo.environment["BOURSE_DATA_DIR"] ?? defaultRoot

    /// `<package>/../shared/data`, found from this file's path (`<package>/Tests/MarketDataTests/Captures.swift`).
    static var defaultRoot: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/data").path
    }

    struct Capture: Sendable, CustomStringConvertible {
        let name: String
        let files: [String]
        let symbols: [String]
        let rules: BinanceBookRules
        var description: String { name }
    }

    static let binanceSpot = Capture(
        name: "cryptofeed binance",
        files: ["cryptofeed/binance/BINANCE.ws.1.0", "cryptofeed/binance/BINANCE.http.0.0"].map { "\(root)/\($0)" },
        symbols: ["NKNUSDT", "BLZETH", "LRCBTC", "RUNEEUR"], rules: .spot)
    static let binanceFutures = Capture(
        name: "cryptofeed binance_futures",
        files: [
            "cryptofeed/binance_futures/BINANCE_FUTURES.ws.1.0", "cryptofeed/binance_futures/BINANCE_FUTURES.http.0.0",
        ]
        .map { "\(root)/\($0)" },
        symbols: ["SUSHIUSDT", "AKROUSDT", "KEEPUSDT", "CTKUSDT"], rules: .usdMFutures)
    static let hftbacktest = Capture(
        name: "hftbacktest BTCUSDT",
        files: ["\(root)/hftbacktest/binance_spot_btcusdt_20240808.gz"], symbols: ["BTCUSDT"], rules: .spot)

    static let binance = [binanceSpot, binanceFutures, hftbacktest]

    /// Every Binance payload of every capture: received frames and REST bodies (exchangeInfo excluded).
    static func allBinancePayloads() throws -> [[UInt8]] {
        var payloads: [[UInt8]] = []
        for capture in binance {
            for frame in try RecordingLoader.load(paths: capture.files)
            where frame.kind == .received || frame.kind == .http {
                payloads.append(frame.payload)
            }
        }
        return payloads
    }
}
