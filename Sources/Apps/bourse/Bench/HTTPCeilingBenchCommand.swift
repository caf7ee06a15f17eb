import ArgumentParser
import HTTPTypes
import NIOCore
import NIOHTTP1
import NIOHTTPTypes
import NIOHTTPTypesHTTP1
import NIOPosix

/// `bourse bench http-ceiling`: an HTTP/1.1 server that does no work at all, to measure what the exchange's HTTP
/// layer alone costs on a machine.
///
/// It builds each connection's pipeline with the exchange's codecs (NIO's HTTP/1 server codec without outbound
/// header validation, then the conversion to Swift HTTP Types, as Hummingbird's `HTTP1Channel` sets them up; not
/// Hummingbird's connection-state handler and async channel, which the lane answers in front of) and answers
/// every request, once its body has
/// arrived, with the same status, headers and size of JSON body as the exchange's order-entry lane gives a placed
/// order, on the event loop and at once. Nothing is parsed, checked, matched or journaled: the rate and latency
/// `wrk` sees against it bound what the exchange can reach on the same cores with the same load generator. It is
/// not an exchange and answers anything; run it only for that measurement.
struct HTTPCeilingBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http-ceiling",
        abstract: "Serve fixed answers with the exchange's HTTP stack and no work (the HTTP layer's ceiling)."
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port).")
    var port = 8089

    @Option(help: "Event-loop threads (the exchange uses one per core).")
    var threads = System.coreCount

    func validate() throws {
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
    }

    func run() async throws {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 1024)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline(
                        withPipeliningAssistance: false, withErrorHandling: false, withOutboundHeaderValidation: false)
                    try channel.pipeline.syncOperations.addHandler(HTTP1ToHTTPServerCodec(secure: false))
                    try channel.pipeline.syncOperations.addHandler(FixedAnswer())
                }
            }
            .bind(host: host, port: port).get()
        ExchangeServeCommand.say("listening on http://\(host):\(channel.localAddress?.port ?? port)")
        try await channel.closeFuture.get()
    }
}

/// Answers each request with a fixed 201 and an order-sized JSON body once the request has ended.
private final class FixedAnswer: ChannelInboundHandler {
    typealias InboundIn = HTTPRequestPart
    typealias OutboundOut = HTTPResponsePart

    /// As long as the lane's answer to a placed limit order.
    private static let body = ByteBuffer(
        string: #"{"id":1,"symbol":"BTC-USDT","side":"buy","type":"limit","price":"50000.00","size":"0.0001","#
            + #""filled":"0","status":"open","timeInForce":"GTC","createdAt":1764000000000,"updatedAt":1764000000000}"#)

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .end = unwrapInboundIn(data) else { return }
        var response = HTTPResponse(status: .created)
        response.headerFields[.contentType] = "application/json"
        response.headerFields[.contentLength] = String(Self.body.readableBytes)
        response.headerFields[.date] = "Mon, 07 Dec 2026 00:00:00 GMT"
        response.headerFields[.server] = "Bourse"
        context.write(wrapOutboundOut(.head(response)), promise: nil)
        context.write(wrapOutboundOut(.body(Self.body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }
}
