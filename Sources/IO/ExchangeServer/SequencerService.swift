import ExchangeService
import ServiceLifecycle

/// Runs the sequencer's journal writer as a service: on graceful shutdown it stops accepting commands and
/// returns once everything queued is durable. Put it first in the `ServiceGroup` so it shuts down last.
public struct SequencerService: Service {
    public let sequencer: ExchangeSequencer

    public init(sequencer: ExchangeSequencer) { self.sequencer = sequencer }

    public func run() async {
        let sequencer = self.sequencer
        await withGracefulShutdownHandler {
            await sequencer.run()
        } onGracefulShutdown: {
            sequencer.finish()
        }
    }
}
