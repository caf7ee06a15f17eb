import ArgumentParser
import Feeds

/// `bourse probe`: latency to a venue's market-data endpoint.
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Measure connect, TLS handshake, first-message, request and ping round-trip times to a venue (percentiles, ms).",
        discussion: "Run it from each candidate host or region; see DESIGN.md, 'Choosing where to run'."
    )

    @OptionGroup var venueOptions: VenueOptions

    @Option(help: "Venue.")
    var venue = "binance"

    @Option(help: "Samples per measurement.")
    var samples = 20

    @Option(help: "Seconds each socket measurement may take before it is reported as an error (a silent venue).")
    var deadline = 30

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() async throws {
        guard let driver = VenueDirectory.driver(
            venue: venue, symbol: try venueOptions.canonical(), endpoint: try venueOptions.endpoint(of: venue))
        else { throw ValidationError("no connector for \(venue)") }
        let report = await VenueProbe(driver: AnyVenueDriver(driver), samples: samples, deadline: .seconds(deadline)).run()
        let series: [(String, [Duration])] = [
            ("connect", report.connect), ("tls_handshake", report.tlsHandshake),
            ("first_message", report.firstMessage), ("round_trip", report.roundTrip),
            ("ping_round_trip", report.pingRoundTrip),
        ]
        if json {
            let fields = series.map { name, samples -> String in
                let p = ProbeReport.percentiles(samples)
                let body = ["n", "p50", "p90", "p99", "max"].compactMap { key in p[key].map { "\"\(key)\":\($0)" } }
                return "\"\(name)_ms\":{\(body.joined(separator: ","))}"
            }
            let errors = report.errors.map { "\"" + $0.replacingOccurrences(of: "\"", with: "'") + "\"" }
            print("{\"venue\":\"\(venue)\",\"url\":\"\(driver.streamURL)\",\(fields.joined(separator: ",")),\"errors\":[\(errors.joined(separator: ","))]}")
        } else {
            print("\(venue) \(driver.streamURL)")
            for (name, samples) in series {
                let p = ProbeReport.percentiles(samples)
                guard !p.isEmpty else { continue }
                print("  \(name.padding(toLength: 16, withPad: " ", startingAt: 0)) n=\(p["n"]!)  p50 \(p["p50"]!) ms  p90 \(p["p90"]!) ms  p99 \(p["p99"]!) ms  max \(p["max"]!) ms")
            }
            for error in report.errors { print("  error: \(error)") }
        }
    }
}

import Foundation
