import ExchangeService
import ServiceLifecycle

/// Expires good-till-date orders on time when no other command arrives: every `interval` it checks the earliest
/// open expiry and submits `.tick` if it is due. Ends on graceful shutdown.
public struct TickService: Service {
    let server: ExchangeServer
    let interval: Duration

    public init(server: ExchangeServer, interval: Duration = .seconds(1)) {
        self.server = server
        self.interval = interval
    }

    public func run() async {
        let gateway = server.gateway
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let interval = self.interval
            do { try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) } } catch { return }
            if let due = await server.nextExpiry(), due <= gateway.clock() {
                _ = try? await gateway.sequencer.submit(.tick)
            }
        }
    }
}
