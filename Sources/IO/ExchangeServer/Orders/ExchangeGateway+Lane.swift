import BourseCore
import ExchangeCore
import Hummingbird
import NIOCore

extension ExchangeGateway {
    /// What the ``OrderEntryLane`` does with an order request.
    enum LaneDecision {
        /// Submit the command and answer with `status` and the order's view: everything the general path checks
        /// before the sequencer has passed, and the caller's rate-limit token is taken.
        case submit(command: ExchangeCommand, instrument: Instrument, status: HTTPResponse.Status)
        /// Answer with this error: a signed request whose signature is now spent (replay guard) but whose caller
        /// is over the rate limit — the general path would answer the same 429.
        case refuse(APIError)
        /// Hand the request to the general path, which answers it with its worded error; nothing was changed or
        /// taken.
        case pass
    }

    /// The requests the lane may take, told apart by their head alone.
    enum LaneRoute {
        /// `POST /api/v1/orders`.
        case place
        /// `DELETE /api/v1/orders/{id}`.
        case cancel(OrderID)

        init?(_ head: HTTPRequest) {
            guard let path = head.path else { return nil }
            if head.method == .post, path == OrderEntryLane.path {
                self = .place
            } else if head.method == .delete, path.hasPrefix(OrderEntryLane.path + "/"),
                let id = UInt64(path.dropFirst(OrderEntryLane.path.count + 1)), id > 0
            {
                self = .cancel(OrderID(id))
            } else {
                return nil
            }
        }
    }

    /// Decides what the lane does with a request of `route`: a live session or a valid API-key signature, then what
    /// the route needs (``laneCommand(_:_:_:)``), and a rate-limit token (taken last, only when everything else
    /// passed). Side effects happen only on the way to `.submit` or `.refuse`.
    func laneDecision(_ route: LaneRoute, _ head: HTTPRequest, body: ByteBuffer) -> LaneDecision {
        let now = clock()
        if let authorization = head.headerFields[.authorization] {
            guard authorization.hasPrefix("Bearer ") else { return .pass }
            let token = String(authorization.utf8.dropFirst(7))!
            guard let session = sessions.session(token, now: now),
                let (command, instrument, status) = laneCommand(route, session.account, body)
            else { return .pass }
            let principal = Principal(account: session.account, name: session.name, credential: .session(token: token))
            // Over the limit: the general path answers 429 (it takes no token either).
            guard limiter.acquire(principal.bucket, now: now) == nil else { return .pass }
            return .submit(command: command, instrument: instrument, status: status)
        }
        guard let key = head.headerFields[Self.keyField], let signature = head.headerFields[Self.signatureField],
            let stamp = head.headerFields[Self.timestampField], let timestamp = Int64(stamp),
            timestamp >= now - configuration.receiveWindow, timestamp <= now + configuration.receiveWindow,
            let (record, name) = cachedKey(key), let path = head.path
        else { return .pass }
        let payload = RequestSignature.payload(
            timestamp: timestamp, method: head.method.rawValue, path: path, query: nil,
            body: Array(body.readableBytesView))
        guard RequestSignature.verify(signature: signature, payload: payload, secret: record.secret),
            let (command, instrument, status) = laneCommand(route, record.account, body)
        else { return .pass }
        // A replay goes to the general path, which refuses it the same way (the signature is already spent).
        guard replays.firstUse(signature, timestamp: timestamp, now: now) else { return .pass }
        let principal = Principal(account: record.account, name: name, credential: .apiKey(key: key))
        do {
            try checkRate(principal.bucket, now: now)
        } catch {
            return .refuse(error)
        }
        return .submit(command: command, instrument: instrument, status: status)
    }

    /// The command of a lane request for `account`, the instrument its answer is shown in, and the success status:
    /// a place from a flat body that fits the instrument's grid (201), or the cancel of one of the account's own
    /// orders (200). `nil` for anything the general path would refuse or has to look up.
    private func laneCommand(_ route: LaneRoute, _ account: AccountID, _ body: ByteBuffer)
        -> (ExchangeCommand, Instrument, HTTPResponse.Status)?
    {
        switch route {
        case .place:
            guard let order = PlaceOrderBody.flat(body), let instrument = catalog.cached(order.symbol)?.instrument,
                let spec = try? order.spec(instrument)
            else { return nil }
            return (.place(account: account, symbol: order.symbol, order: spec), instrument, .created)
        case .cancel(let id):
            guard let symbol = sequencer.readNow({ $0.orders[id] }).flatMap({ $0.account == account ? $0.symbol : nil }),
                let instrument = catalog.cached(symbol)?.instrument
            else { return nil }
            return (.cancel(account: account, symbol: symbol, order: .id(id)), instrument, .ok)
        }
    }
}
