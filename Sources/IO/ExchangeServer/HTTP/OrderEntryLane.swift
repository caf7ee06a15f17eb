import BourseCore
import ExchangeCore
import ExchangeService
import Hummingbird
import NIOCore
import NIOHTTPTypes
import Synchronization

/// The order-entry lane: answers `POST /api/v1/orders` and `DELETE /api/v1/orders/{id}` on the connection's event
/// loop, without the per-request task, the async channel and the router of the general path. It sits in each
/// HTTP/1 connection's pipeline between the HTTP codec and Hummingbird.
///
/// What it takes: a request whose head is one of those two, with `Authorization: Bearer ...` or an `X-BOURSE-KEY`
/// signature (and no `Connection: close`), whose whole body is within the size limit, and which
/// ``ExchangeGateway/laneDecision(_:_:body:)`` accepts (live session or valid signature; for a place a
/// ``FlatJSON`` body, a known symbol and an order on the instrument's grid; for a cancel one of the caller's own
/// orders; then a rate-limit token). Everything else — other routes, any request the lane would have to refuse
/// with a worded error — goes on to Hummingbird untouched, which answers it exactly as before. So the lane only
/// answers requests the general path would also have submitted, and the exchange's own answer (the order, or its
/// refusal) is written the same way: same status, same JSON, same headers. (One refusal is the lane's own: a
/// signed request over the rate limit once its signature is spent — the same 429 the router gives.)
///
/// Order on the connection: the lane answers a request only when no earlier request of the connection is still
/// with Hummingbird; while its own answer is pending (the command waits for the journal's fsync) it holds what
/// arrives meanwhile — request parts, events and errors — and stops reading once something is held, then carries
/// on with it. Responses therefore leave in request order (a malformed request read meanwhile is answered by
/// Hummingbird after the lane's answer, not before it), and HTTP pipelining works as on the general path.
final class OrderEntryLane: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private enum State {
        /// Between requests, or passing a request's parts to Hummingbird.
        case passing
        /// Collecting the body of a request the lane may take.
        case collecting(HTTPRequest, ExchangeGateway.LaneRoute, ByteBuffer)
        /// The lane's command is submitted (or queued for the end of the loop's pass); its answer comes once the
        /// journal has it.
        case answering
    }

    /// What arrived while the lane's answer was pending, in order.
    private enum Held {
        case part(HTTPRequestPart)
        case event(Any)
        case error(any Error)
    }

    private let gateway: ExchangeGateway
    private var state = State.passing
    /// Requests handed to Hummingbird whose response has not ended yet.
    private var withHummingbird = 0
    private var held = CircularBuffer<Held>()
    /// A `read` asked for while answering (done once the answer is written).
    private var readPending = false
    private var date = HTTPDate()
    /// The submitter of the connection's event loop (set when the handler is added, before any read).
    private var submitter: LoopSubmitter!

    init(gateway: ExchangeGateway) { self.gateway = gateway }

    func handlerAdded(context: ChannelHandlerContext) {
        submitter = gateway.submitters.submitter(for: context.eventLoop)
    }

    static let path = "/api/v1/orders"

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        if case .answering = state {
            held.append(.part(part))
        } else {
            receive(part, context: context)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // A quiesce (graceful shutdown) must not close the connection under a pending answer.
        if case .answering = state {
            held.append(.event(event))
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A parse error of a request read while answering: Hummingbird answers it with a 400 and closes, which must
        // come after the lane's answer to the request before it.
        if case .answering = state {
            held.append(.error(error))
        } else {
            context.fireErrorCaught(error)
        }
    }

    func read(context: ChannelHandlerContext) {
        // Reading on while an answer is pending keeps the socket's read interest registered: stopping and
        // resuming it costs two `epoll_ctl` calls per request. Only a connection that has actually sent more
        // (pipelining) is held back, so what is held stays within one read's worth.
        if case .answering = state, !held.isEmpty {
            readPending = true
        } else {
            context.read()
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { withHummingbird -= 1 }
        context.write(data, promise: promise)
    }

    private func receive(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        switch (state, part) {
        case (.passing, .head(let head)):
            if withHummingbird == 0, let route = Self.route(head) {
                state = .collecting(head, route, context.channel.allocator.buffer(capacity: 256))
            } else {
                pass(.head(head), context: context)
            }
        case (.collecting(let head, let route, var body), .body(var chunk)):
            if body.readableBytes + chunk.readableBytes > gateway.configuration.maxBodySize {
                state = .passing
                pass(.head(head), context: context)
                pass(.body(body), context: context)
                pass(.body(chunk), context: context)
            } else {
                state = .passing  // drop the reference so the append does not copy
                body.writeBuffer(&chunk)
                state = .collecting(head, route, body)
            }
        case (.collecting(let head, let route, let body), .end(let trailers)):
            switch trailers == nil ? gateway.laneDecision(route, head, body: body) : .pass {
            case .submit(let command, let instrument, let status):
                submit(command, instrument: instrument, status: status, context: context)
            case .refuse(let error):
                state = .answering
                write(Self.error(error), headers: error.headers, context: context)
            case .pass:
                state = .passing
                pass(.head(head), context: context)
                if body.readableBytes > 0 { pass(.body(body), context: context) }
                pass(.end(trailers), context: context)
            }
        case (.collecting(let head, _, let body), .head):
            // Not valid HTTP framing; let Hummingbird see it as it came.
            state = .passing
            pass(.head(head), context: context)
            if body.readableBytes > 0 { pass(.body(body), context: context) }
            pass(part, context: context)
        case (.passing, _), (.answering, _):
            pass(part, context: context)
        }
    }

    private func pass(_ part: HTTPRequestPart, context: ChannelHandlerContext) {
        if case .head = part { withHummingbird += 1 }
        context.fireChannelRead(wrapInboundOut(part))
    }

    /// The route of a request the head alone allows the lane to take.
    private static func route(_ head: HTTPRequest) -> ExchangeGateway.LaneRoute? {
        guard let route = ExchangeGateway.LaneRoute(head) else { return nil }
        if let authorization = head.headerFields[.authorization] {
            guard authorization.hasPrefix("Bearer ") else { return nil }
        } else if head.headerFields[ExchangeGateway.keyField] == nil {
            return nil
        }
        if let connection = head.headerFields[.connection], connection.lowercased().contains("close") { return nil }
        return head.headerFields[.expect] == nil ? route : nil
    }

    private func submit(
        _ command: ExchangeCommand, instrument: Instrument, status: HTTPResponse.Status, context: ChannelHandlerContext
    ) {
        state = .answering
        let loop = context.eventLoop
        let bound = NIOLoopBound((self, context), eventLoop: loop)
        let onDurable: @Sendable (ExchangeSequencer.Outcome) -> Void = { outcome in
            loop.execute {
                let (lane, context) = bound.value
                lane.answer(outcome, instrument: instrument, status: status, context: context)
            }
        }
        submitter.submit(command, onDurable: onDurable)
    }

    private func answer(
        _ outcome: ExchangeSequencer.Outcome, instrument: Instrument, status: HTTPResponse.Status,
        context: ChannelHandlerContext
    ) {
        switch outcome {
        case .success(.success(.order(let record, _))):
            write((status, OrderView(record, instrument).json), context: context)
        case .success(.success):
            write(Self.error(APIError.internalError), context: context)
        case .success(.failure(let refusal)):
            write(Self.error(APIError(refusal)), context: context)
        case .failure:
            write(Self.error(APIError.unavailable), context: context)
        }
    }

    /// Writes the lane's response, then carries on with the connection.
    private func write(
        _ answer: (status: HTTPResponse.Status, body: ByteBuffer), headers: HTTPFields = [:],
        context: ChannelHandlerContext
    ) {
        var response = HTTPResponse(status: answer.status)
        response.headerFields[.contentType] = "application/json"
        response.headerFields[.contentLength] = String(answer.body.readableBytes)
        response.headerFields.append(contentsOf: headers)
        response.headerFields[.date] = date.now()
        response.headerFields[.server] = ExchangeServer.serverName
        context.write(wrapOutboundOut(.head(response)), promise: nil)
        context.write(wrapOutboundOut(.body(answer.body)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        gateway.laneAnswers.add(1, ordering: .relaxed)
        state = .passing
        resume(context: context)
    }

    private static func error(_ error: APIError) -> (HTTPResponse.Status, ByteBuffer) {
        (error.status, JSONResponse.bytes(APIError.ErrorBody(code: error.code, message: error.message)))
    }

    /// Carries on with what arrived while answering, then reads again.
    private func resume(context: ChannelHandlerContext) {
        guard !held.isEmpty else { return readAgain(context: context) }
        while let next = held.popFirst() {
            switch next {
            case .part(let part): receive(part, context: context)
            case .event(let event): context.fireUserInboundEventTriggered(event)
            case .error(let error): context.fireErrorCaught(error)
            }
            if case .answering = state { break }
        }
        // Outside the socket's read cycle: tell the handlers behind (the async channel buffers until it hears
        // this) that the parts just passed are all there is for now.
        context.fireChannelReadComplete()
        // Answering again with nothing held: reading on is allowed (see `read`).
        if case .answering = state, !held.isEmpty { return }
        readAgain(context: context)
    }

    private func readAgain(context: ChannelHandlerContext) {
        if readPending {
            readPending = false
            context.read()
        }
    }
}
