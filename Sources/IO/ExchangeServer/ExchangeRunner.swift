import ExchangeService
import Logging
import ServiceLifecycle
import UnixSignals

/// Runs a whole exchange in one `ServiceGroup`: the sequencer's journal writer, the GTD ticker and the server.
/// SIGINT and SIGTERM shut it down gracefully in reverse order (server first, journal last, so every
/// acknowledged command is durable).
public enum ExchangeRunner {
    /// Serves until SIGINT/SIGTERM. `prepare` runs once the journal writer runs, before the server listens.
    /// - Throws: when a service fails (the address cannot be bound, say).
    public static func run(
        sequencer: ExchangeSequencer, configuration: ExchangeServerConfiguration,
        logger: Logger = Logger(label: "bourse.exchange"),
        prepare: @escaping @Sendable (ExchangeSequencer) async throws -> Void = { _ in },
        onListening: @escaping @Sendable (_ host: String, _ port: Int) async -> Void
    ) async throws {
        let server = ExchangeServer(
            sequencer: sequencer, configuration: configuration, logger: logger, prepare: prepare,
            onListening: onListening)
        let group = ServiceGroup(
            services: [SequencerService(sequencer: sequencer), TickService(server: server), server],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: logger)
        try await group.run()
    }
}
