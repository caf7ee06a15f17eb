import BourseCore
import Testing

@testable import ExchangeServer

@Suite("RealtimeConnection")
struct RealtimeConnectionTests {
    @Test("a client that does not read is cut off once its queue is full; memory stays bounded")
    func boundedQueue() async {
        let connection = RealtimeConnection(id: 1, queueLimit: 3)
        #expect(connection.send("a"))
        #expect(connection.send("b"))
        #expect(connection.send("c"))
        #expect(!connection.send("d"))
        connection.finish()
        #expect(!connection.send("e"))
        var received: [String] = []
        for await text in connection.messages { received.append(text) }
        #expect(received == ["a", "b", "c"])
    }

    @Test("timestamps print as BitMEX's ISO-8601 UTC")
    func timestamps() {
        #expect(Timestamp.iso(0) == "1970-01-01T00:00:00.000Z")
        #expect(Timestamp.iso(1_700_000_000_123) == "2023-11-14T22:13:20.123Z")
        #expect(Timestamp.iso(951_782_400_000) == "2000-02-29T00:00:00.000Z")
    }

    @Test("signatures are the hex HMAC-SHA256 of timestamp, method, path, query and body")
    func signature() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
        let payload = Array("what do ya want for nothing?".utf8)
        #expect(
            RequestSignature.hex(payload: payload, secret: "Jefe")
                == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(
            RequestSignature.payload(timestamp: 5, method: "GET", path: "/a", query: "b=1", body: [])
                == Array("5GET/a?b=1".utf8))
    }
}
