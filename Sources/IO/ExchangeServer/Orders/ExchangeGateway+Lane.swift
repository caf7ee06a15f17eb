import BourseCore
import ExchangeCore
import Hummingbird
import NIOCore

extension ExchangeGateway {
    /// An order the ``OrderEntryLane`` may submit: everything the general path checks before the sequencer has
    /// passed, and the caller's rate-limit token is taken.
    struct LaneOrder {
        var command: ExchangeCommand
        var instrument: Instrument
    }

    /// The order in a `POST /api/v1/orders` request when the general path would submit it too: a live session,
    /// a body of ``FlatJSON``'s shape, a known symbol, an order on the instrument's grid, and a rate-limit token
    /// (taken last, only when everything else passed). `nil` otherwise, and then nothing was changed or taken:
    /// the request goes to the general path, which answers it with its worded error.
    func laneOrder(_ head: HTTPRequest, body: ByteBuffer) -> LaneOrder? {
        guard let authorization = head.headerFields[.authorization], authorization.hasPrefix("Bearer ") else {
            return nil
        }
        let now = clock()
        let token = String(authorization.utf8.dropFirst(7))!
        guard let session = sessions.session(token, now: now),
            let order = PlaceOrderBody.flat(body),
            let instrument = catalog.cached(order.symbol)?.instrument,
            let spec = try? order.spec(instrument)
        else { return nil }
        let principal = Principal(account: session.account, name: session.name, credential: .session(token: token))
        guard limiter.acquire(principal.bucket, now: now) == nil else { return nil }
        return LaneOrder(
            command: .place(account: principal.account, symbol: order.symbol, order: spec), instrument: instrument)
    }
}
