import Crypto

/// The HMAC-SHA256 request signature of API-key requests.
///
/// A signed request carries `X-BOURSE-KEY` (the key), `X-BOURSE-TIMESTAMP` (milliseconds since the epoch) and
/// `X-BOURSE-SIGNATURE`: the lowercase hex HMAC-SHA256, keyed with the secret, of
/// `timestamp + METHOD + path + ("?" + query, if there is one) + body`, e.g.
/// `1700000000000POST/api/v1/orders{"symbol":"BTC-USDT",...}` or `1700000000000GET/api/v1/orders?status=all`.
/// The server accepts timestamps within its receive window (5 s by default) of its own clock.
public enum RequestSignature {
    public static let keyHeader = "X-BOURSE-KEY"
    public static let timestampHeader = "X-BOURSE-TIMESTAMP"
    public static let signatureHeader = "X-BOURSE-SIGNATURE"

    /// The bytes that are signed.
    public static func payload(timestamp: Int64, method: String, path: String, query: String?, body: [UInt8])
        -> [UInt8]
    {
        var bytes = Array("\(timestamp)\(method)\(path)".utf8)
        if let query, !query.isEmpty {
            bytes.append(UInt8(ascii: "?"))
            bytes.append(contentsOf: query.utf8)
        }
        bytes.append(contentsOf: body)
        return bytes
    }

    /// The hex signature of a request.
    public static func sign(
        secret: String, timestamp: Int64, method: String, path: String, query: String? = nil, body: [UInt8] = []
    ) -> String {
        hex(payload: payload(timestamp: timestamp, method: method, path: path, query: query, body: body), secret: secret)
    }

    /// The hex HMAC-SHA256 of `payload` under `secret`.
    public static func hex(payload: [UInt8], secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: payload, using: SymmetricKey(data: Array(secret.utf8)))
        return Hex.encode(Array(mac))
    }

    /// Whether `signature` (hex, any case) is the signature of `payload`, compared in constant time.
    static func verify(signature: String, payload: [UInt8], secret: String) -> Bool {
        guard let given = Hex.decode(signature), given.count == SHA256.byteCount else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(
            given, authenticating: payload, using: SymmetricKey(data: Array(secret.utf8)))
    }
}
