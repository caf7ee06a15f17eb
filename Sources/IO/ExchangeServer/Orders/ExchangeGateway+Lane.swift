import BourseCore
import ExchangeCore
import Hummingbird
import NIOCore

extension ExchangeGateway {
    /// What the ``OrderEntryLane`` does with a `POST /api/v1/orders` request.
    enum LaneDecision {
        /// Submit the order: everything the general path checks before the sequencer has passed, and the caller's
        /// rate-limit token is taken.
        case submit(command: ExchangeCommand, instrument: Instrument)
        /// Answer with this error: a signed request whose signature is now spent (replay guard) but whose caller
        /// is over the rate limit — the general path would answer the same 429.
        case refuse(APIError)
        /// Hand the request to the general path, which answers it with its worded error; nothing was changed or
        /// taken.
        case pass
    }

    /// Decides what the lane does with an order request: a live session or a valid API-key signature, a body of
    /// ``FlatJSON``'s shape, a known symbol, an order on the instrument's grid, and a rate-limit token (taken last,
    /// only when everything else passed). Side effects happen only on the way to `.submit` or `.refuse`.
    func laneOrder(_ head: HTTPRequest, body: ByteBuffer) -> LaneDecision {
        let now = clock()
        if let authorization = head.headerFields[.authorization] {
            guard authorization.hasPrefix("Bearer ") else { return .pass }
            let token = String(authorization.utf8.dropFirst(7))!
            guard let session = sessions.session(token, now: now), let (command, instrument) = laneCommand(session.account, body)
            else { return .pass }
            let principal = Principal(account: session.account, name: session.name, credential: .session(token: token))
            // Over the limit: the general path answers 429 (it takes no token either).
            guard limiter.acquire(principal.bucket, now: now) == nil else { return .pass }
            return .submit(command: command, instrument: instrument)
        }
        guard let key = head.headerFields[Self.keyField], let signature = head.headerFields[Self.signatureField],
            let stamp = head.headerFields[Self.timestampField], let timestamp = Int64(stamp),
            timestamp >= now - configuration.receiveWindow, timestamp <= now + configuration.receiveWindow,
            let (record, name) = cachedKey(key)
        else { return .pass }
        let payload = RequestSignature.payload(
            timestamp: timestamp, method: "POST", path: OrderEntryLane.path, query: nil,
            body: Array(body.readableBytesView))
        guard RequestSignature.verify(signature: signature, payload: payload, secret: record.secret),
            let (command, instrument) = laneCommand(record.account, body)
        else { return .pass }
        // A replay goes to the general path, which refuses it the same way (the signature is already spent).
        guard replays.firstUse(signature, timestamp: timestamp, now: now) else { return .pass }
        let principal = Principal(account: record.account, name: name, credential: .apiKey(key: key))
        do {
            try checkRate(principal.bucket, now: now)
        } catch {
            return .refuse(error)
        }
        return .submit(command: command, instrument: instrument)
    }

    /// The place command for `account` from a flat body, when it parses and fits the instrument's grid.
    private func laneCommand(_ account: AccountID, _ body: ByteBuffer) -> (ExchangeCommand, Instrument)? {
        guard let order = PlaceOrderBody.flat(body), let instrument = catalog.cached(order.symbol)?.instrument,
            let spec = try? order.spec(instrument)
        else { return nil }
        return (.place(account: account, symbol: order.symbol, order: spec), instrument)
    }
}
