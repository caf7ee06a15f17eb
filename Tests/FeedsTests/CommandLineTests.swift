import BourseTesting
import Foundation
import MarketDataRecording
import Testing
import VenueSimulator

/// The `bourse` commands of the market-data side, run as real processes against in-process servers.
@Suite("Command line: feeds, watch, analytics", .serialized, .timeLimit(.minutes(3)))
struct CommandLineTests {
    static let root = ScriptRunner.packageRoot(testFile: #filePath)

    func bourse(_ arguments: [String]) async throws -> (Int32, String) {
        let binary = try #require(ScriptRunner.bourseExecutable(), "build the bourse executable first")
        return try await ScriptRunner.run([binary.path] + arguments, in: Self.root, timeout: .seconds(60))
    }

    @Test("bourse feeds --json keeps every simulated venue live")
    func feeds() async throws {
        // 8 s: seven venues' snapshots and first bridging diffs must all arrive, also on a loaded CI machine (in
        // 3 s, one such run saw Binance's third message only).
        try await SimulatorHarness.with { harness in
            let kinds: [SimulatedVenueKind] = [.binance, .binanceFutures, .coinbase, .bitstamp, .bitmex, .okx, .kraken]
            let endpoints = kinds.flatMap { ["--endpoint", "\($0.rawValue)=\(harness.ws($0)),\(harness.http($0))"] }
            let (status, output) = try await bourse(
                ["feeds", "--venues", kinds.map(\.rawValue).joined(separator: ","), "--seconds", "8", "--json"] + endpoints
                    + ["--load-instruments"])
            #expect(status == 0, "\(output)")
            let lines = output.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            #expect(lines.count == kinds.count, "\(output)")
            for line in lines {
                #expect(line["state"] as? String == "live", "\(line)")
                #expect((line["applied"] as? Int ?? 0) > 0)
                #expect(line["best_bid"] is [String] && line["best_ask"] is [String])
            }
        }
    }

    @Test("bourse aggregate refuses BitMEX without its instrument list (its sizes are contracts)")
    func aggregateRefusesBitMEXContracts() async throws {
        let (status, output) = try await bourse(["aggregate", "--venues", "binance,bitmex", "--port", "0", "--http-port", "0"])
        #expect(status != 0)
        #expect(output.contains("--load-instruments"), "\(output)")
    }

    @Test("bourse aggregate --stats-every prints the pipeline latency as a JSON line every period")
    func aggregateStats() async throws {
        try await SimulatorHarness.with([.binance, .coinbase]) { harness in
            let endpoints = [SimulatedVenueKind.binance, .coinbase].flatMap { ["--endpoint", "\($0.rawValue)=\(harness.ws($0)),\(harness.http($0))"] }
            let binary = try #require(ScriptRunner.bourseExecutable(), "build the bourse executable first")
            // Runs until the runner terminates it (SIGTERM: a graceful shutdown).
            let (_, output) = try await ScriptRunner.run(
                [binary.path, "aggregate", "--symbol", "BTC/USDT", "--venues", "binance,coinbase", "--port", "0", "--http-port", "0",
                 "--stats-every", "1"] + endpoints, in: Self.root, timeout: .seconds(6))
            #expect(output.contains("latency: /stats"), "\(output)")
            let reports = output.split(separator: "\n").filter { $0.hasPrefix("{") }.compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            #expect(reports.count >= 3, "\(output)")
            let counts = reports.compactMap { report -> Int? in
                let rows = report["symbols"] as? [[String: Any]]
                #expect(rows?.first?["symbol"] as? String == "BTC/USDT")
                return (rows?.first?["frame_to_summary_us"] as? [String: Any])?["count"] as? Int
            }
            #expect(counts.count == reports.count)
            #expect(counts.contains { $0 > 0 }, "frames were counted: \(counts)")
        }
    }

    @Test("bench aggregate --inject: every venue's frames reach its driver in order, all venues live, no gap")
    func injectBench() async throws {
        let (status, output) = try await bourse(
            ["bench", "aggregate", "--inject", "--seconds", "1", "--frames-per-sec", "2000", "--rate", "2000"])
        #expect(status == 0, "\(output)")
        let line = try #require(output.split(separator: "\n").last { $0.hasPrefix("{") })
        let result = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(result["live_venues"] as? Int == 4, "\(line)")
        #expect(result["gaps"] as? Int == 0, "\(line)")
        #expect((result["samples"] as? Int ?? 0) >= 1_000, "\(line)")
        let latency = try #require(result["frame_to_summary_us"] as? [String: Double])
        #expect((latency["p50"] ?? 0) > 0 && (latency["p50"] ?? 0) <= (latency["p99"] ?? 0))
        // The gRPC bytes are encoded after the summary is built, the driver's apply before it.
        let message = try #require(result["frame_to_message_us"] as? [String: Double])
        let receive = try #require(result["receive_us"] as? [String: Double])
        #expect((receive["p50"] ?? .infinity) <= (latency["p50"] ?? 0) && (latency["p50"] ?? .infinity) <= (message["p50"] ?? 0))
        let (refused, text) = try await bourse(["bench", "aggregate", "--spin"])
        #expect(refused != 0 && text.contains("--spin goes with --inject"), "\(text)")
    }

    @Test("bourse trade quotes and paper-trades on live books by configuration")
    func trade() async throws {
        try await SimulatorHarness.with([.binance, .coinbase, .bitstamp]) { harness in
            let kinds: [SimulatedVenueKind] = [.binance, .coinbase, .bitstamp]
            let endpoints = kinds.flatMap { ["--endpoint", "\($0.rawValue)=\(harness.ws($0)),\(harness.http($0))"] }
            let data = FileManager.default.temporaryDirectory.appendingPathComponent("bourse-trade-\(UUID().uuidString)").path
            defer { try? FileManager.default.removeItem(atPath: data) }
            let (status, output) = try await bourse(
                ["trade", "--duration", "8", "--port", "0", "--http-port", "0", "--data", data, "--load-instruments"] + endpoints)
            #expect(status == 0, "\(output)")
            let line = try #require(output.split(separator: "\n").first { $0.hasPrefix("{") }, "\(output)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
            #expect(json["mode"] == "paper")
            #expect(Int(json["trader_books"] ?? "0") ?? 0 > 0, "\(output)")
            // Paper fills are what the routes filled; each fill is one order's growth.
            #expect(Int(json["fills"] ?? "-1") ?? -1 <= Int(json["orders_sent"] ?? "0") ?? 0)
        }
    }

    @Test("bourse watch on a terminal: full-screen redraws, follows a resize, quits on q")
    func watchInteractive() async throws {
        try await AggregatorTests().withAggregator { _, _, grpc, _ in
            let binary = try #require(ScriptRunner.bourseExecutable(), "build the bourse executable first")
            let (status, output) = try await ScriptRunner.run(
                ["python3", Self.root.appendingPathComponent("scripts/watch-tty-check.py").path, binary.path, String(grpc)],
                in: Self.root, timeout: .seconds(90))
            #expect(status == 0 && output.contains("PASS"), "\(output)")
        }
    }

    @Test("bourse watch draws ladders from the aggregator's gRPC stream")
    func watch() async throws {
        try await AggregatorTests().withAggregator { _, _, grpc, _ in
            let (status, output) = try await bourse(["watch", "--plain", "--frames", "3", "--levels", "3", "--port", String(grpc)])
            #expect(status == 0, "\(output)")
            #expect(output.components(separatedBy: "BTC/USDT  spread").count - 1 == 3, "\(output)")
            #expect(output.contains("binance:"))
            let (eth, ethOutput) = try await bourse(
                ["watch", "--plain", "--frames", "1", "--symbol", "ETH/BTC", "--port", String(grpc)])
            #expect(eth == 0)
            #expect(ethOutput.contains("ETH/BTC  spread"))
        }
    }

    @Test("bench engine: one JSON line; p99 per command kind covers every kind of the stream; the same fills on every run")
    func engineBench() async throws {
        var hashes: [String] = []
        for _ in 0..<2 {
            let (status, output) = try await bourse(["bench", "engine", "--workload", "exchange-core", "--generate", "20000"])
            #expect(status == 0, "\(output)")
            let line = try #require(output.split(separator: "\n").last { $0.hasPrefix("{") })
            let result = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(result["ops"] as? Int == 20_000, "\(line)")
            let maximum = try #require(result["max_ns"] as? Int)
            let byKind = try #require(result["p99_ns_by_kind"] as? [String: Int], "\(line)")
            // The exchange-core mix has all four kinds: GTC, IOC, cancel, move.
            #expect(Set(byKind.keys) == ["add", "addIOC", "cancel", "move"], "\(line)")
            #expect(byKind.values.allSatisfy { $0 >= 0 && $0 <= maximum }, "\(line)")
            hashes.append(try #require(result["trade_sha256"] as? String))
        }
        #expect(hashes[0] == hashes[1] && hashes[0].count == 64)
    }

    @Test("bench feed: messages are the symbol's depth messages and level_updates their levels, counted independently")
    func feedBench() async throws {
        let directory = ProcessInfo.processInfo.environment["BOURSE_DATA_DIR"]
            ?? Self.root.deletingLastPathComponent().appendingPathComponent("shared/data").path
        let paths = ["BINANCE.ws.1.0", "BINANCE.http.0.0"].map { directory + "/cryptofeed/binance/" + $0 }
        try #require(paths.allSatisfy { FileManager.default.fileExists(atPath: $0) }, "the shared capture is needed")
        // The reference: every NKNUSDT depth event and depth snapshot, read with JSONSerialization.
        var messages = 0
        var levels = 0
        for frame in try RecordingLoader.load(paths: paths) {
            guard frame.kind == .received || (frame.kind == .http && (frame.url ?? "").contains("symbol=NKNUSDT")),
                let object = try? JSONSerialization.jsonObject(with: Data(frame.payload)) as? [String: Any]
            else { continue }
            let event = (object["data"] as? [String: Any]) ?? object
            if event["e"] as? String == "depthUpdate" && event["s"] as? String == "NKNUSDT" {
                messages += 1
                levels += ((event["b"] as? [Any])?.count ?? 0) + ((event["a"] as? [Any])?.count ?? 0)
            } else if frame.kind == .http, let bids = object["bids"] as? [Any], let asks = object["asks"] as? [Any] {
                messages += 1
                levels += bids.count + asks.count
            }
        }
        #expect(messages > 100)
        let (status, output) = try await bourse(
            ["bench", "feed", "--venue", "binance", "--symbol", "NKNUSDT", "--min-seconds", "0.05"] + paths)
        #expect(status == 0, "\(output)")
        let line = try #require(output.split(separator: "\n").last { $0.hasPrefix("{") })
        let result = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        let passes = try #require(result["passes"] as? Int)
        #expect(result["messages"] as? Int == messages * passes, "\(line)")
        #expect(result["level_updates"] as? Int == levels * passes, "\(line)")
        #expect((result["frames"] as? Int ?? 0) > messages, "\(line)")
        #expect(result["gaps_per_pass"] as? Int == 0 && result["foundation_same_result"] as? Bool == true, "\(line)")
        #expect((result["messages_per_sec"] as? Int ?? 0) > 0 && (result["frames_per_sec"] as? Int ?? 0) > 0)
    }

    @Test("bourse record, then bourse replay --connector: the recording rebuilds the venue's book")
    func recordThenReplay() async throws {
        try await SimulatorHarness.with([.kraken]) { harness in
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("bourse-cli-record-\(UInt32.random(in: 0...UInt32.max)).gz").path
            defer { try? FileManager.default.removeItem(atPath: path) }
            let (status, output) = try await bourse(
                ["record", "--venue", "kraken", "--endpoint", "kraken=\(harness.ws(.kraken)),\(harness.http(.kraken))", "--out", path, "--seconds", "3"])
            #expect(status == 0 && output.contains("recorded"), "\(output)")
            let (replayed, text) = try await bourse(
                ["replay", path, "--connector", "--venue", "kraken", "--symbol", "BTC/USDT", "--json", "--depth", "10"])
            #expect(replayed == 0, "\(text)")
            let line = try #require(text.split(separator: "\n").last { $0.hasPrefix("{") }, "\(text)")
            let result = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect((result["applied"] as? Int ?? 0) > 0 && result["errors"] as? Int == 0, "\(line)")
            let bids = try #require(result["bids"] as? [[String]])
            let asks = try #require(result["asks"] as? [[String]])
            #expect(!bids.isEmpty && !asks.isEmpty, "\(line)")
            // Kraken websocket v2 with its checksum verified on every message: the book is sane.
            if let bid = bids.first.flatMap({ Decimal(string: $0[0]) }), let ask = asks.first.flatMap({ Decimal(string: $0[0]) }) {
                #expect(bid < ask, "\(line)")
            }
        }
    }

    @Test("bourse replay --speed paces frames by their recorded times, and ends with the same book as a fast replay")
    func replayAtRecordedSpeed() async throws {
        let capture = Self.root.deletingLastPathComponent().appendingPathComponent("shared/data/cryptofeed/coinbase/COINBASE.ws.28.0")
        let path = ProcessInfo.processInfo.environment["BOURSE_DATA_DIR"].map { $0 + "/cryptofeed/coinbase/COINBASE.ws.28.0" } ?? capture.path
        try #require(FileManager.default.fileExists(atPath: path), "the shared capture is needed: \(path)")
        let frames = try RecordingLoader.load(paths: [path])
        let span = Double((frames.last?.time ?? 0) - (frames.first?.time ?? 0)) / 1e9
        let speed = max(1.0, (span / 2).rounded(.up))  // about two seconds of pacing
        let arguments = [path, "--venue", "coinbase", "--symbol", "SKL-USD", "--json", "--depth", "5"]
        let (fastStatus, fast) = try await bourse(["replay"] + arguments)
        let started = ContinuousClock.now
        let (status, paced) = try await bourse(["replay"] + arguments + ["--speed", String(speed)])
        let elapsed = ContinuousClock.now - started
        #expect(status == 0 && fastStatus == 0, "\(paced)")
        // Never faster than the recording allows (a lower bound only: a loaded machine may be slower).
        #expect(elapsed >= .milliseconds(Int64(span / speed * 1000 * 0.9)), "span \(span) s at ×\(speed) took \(elapsed)")
        #expect(fast.split(separator: "\n").last == paced.split(separator: "\n").last)
    }

    @Test("bourse analytics on the Coinbase capture: alerts as JSON lines, exact and consistent")
    func analytics() async throws {
        let capture = Self.root.deletingLastPathComponent().appendingPathComponent("shared/data/cryptofeed/coinbase/COINBASE.ws.28.0")
        let path = ProcessInfo.processInfo.environment["BOURSE_DATA_DIR"].map { $0 + "/cryptofeed/coinbase/COINBASE.ws.28.0" } ?? capture.path
        try #require(FileManager.default.fileExists(atPath: path), "the shared capture is needed: \(path)")
        let (status, output) = try await bourse(
            ["analytics", "--replay", path, "--symbols", "SKL-USD,DASH-BTC", "--min-spread", "0.001", "--all"])
        #expect(status == 0, "\(output)")
        let lines: [[String: String]] = output.split(separator: "\n").compactMap { text in
            guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                  object["type"] as? String != "summary" else { return nil }
            return object.compactMapValues { $0 as? String }
        }
        let summary = output.split(separator: "\n").last.flatMap {
            try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
        }
        #expect(summary?["type"] as? String == "summary")
        #expect(lines.count > 100)
        var active: [String: Bool] = [:]
        var alerts = 0
        for line in lines {
            let symbol = try #require(line["symbol"])
            let bid = try #require(Decimal(string: line["bid"]!)), ask = try #require(Decimal(string: line["ask"]!))
            #expect(Decimal(string: line["spread"]!) == ask - bid)
            #expect(Decimal(string: line["mid"]!) == (ask + bid) / 2)
            // An alert exactly when spread / ask crosses 0.001 upwards (checked with Foundation's Decimal).
            let above = (ask - bid) > Decimal(string: "0.001")! * ask
            #expect((line["type"] == "alert") == (above && !(active[symbol] ?? false)), "\(line)")
            if line["type"] == "alert" { alerts += 1 }
            active[symbol] = above
        }
        #expect(alerts > 0)
    }
}
