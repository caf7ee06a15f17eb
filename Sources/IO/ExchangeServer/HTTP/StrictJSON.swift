#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Hummingbird
import NIOCore

/// Reads and decodes request bodies without trusting them: the size is capped before anything is buffered,
/// malformed JSON, wrong field types and unknown fields are refused with a 400 naming the field.
enum StrictJSON {
    /// Collects a request body of at most `limit` bytes.
    /// - Throws: ``APIError`` 413 `body_too_large` when the body is larger.
    static func collect(_ request: Request, limit: Int) async throws(APIError) -> ByteBuffer {
        do {
            return try await request.body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError(.contentTooLarge, "body_too_large", "the request body is larger than \(limit) bytes")
        } catch {
            throw APIError.badRequest("invalid_body", "the request body could not be read")
        }
    }

    /// Decodes a JSON object of type `T` from `buffer`.
    /// - Throws: ``APIError`` 400: `invalid_json` (not JSON, or not an object of the right shape),
    ///   `invalid_field` (a field of the wrong type or a missing required field), `unknown_field`.
    static func decode<T: Decodable>(_ type: T.Type, from buffer: ByteBuffer) throws(APIError) -> T {
        guard buffer.readableBytes > 0 else { throw APIError.badRequest("invalid_json", "the request body is empty") }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let error as APIError {
            throw error
        } catch let DecodingError.typeMismatch(_, context) where !context.codingPath.isEmpty {
            throw APIError.badRequest("invalid_field", "\(path(context)): wrong type (\(context.debugDescription))")
        } catch let DecodingError.valueNotFound(_, context) {
            throw APIError.badRequest("invalid_field", "\(path(context)): must not be null")
        } catch let DecodingError.keyNotFound(key, context) {
            let prefix = path(context)
            throw APIError.badRequest(
                "missing_field", "\(prefix.isEmpty || prefix == "body" ? "" : prefix + ".")\(key.stringValue) is required")
        } catch let DecodingError.dataCorrupted(context) where !context.codingPath.isEmpty {
            throw APIError.badRequest("invalid_field", "\(path(context)): \(context.debugDescription)")
        } catch {
            throw APIError.badRequest("invalid_json", "the request body is not valid JSON of the expected shape")
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let keys = context.codingPath.map(\.stringValue)
        return keys.isEmpty ? "body" : keys.joined(separator: ".")
    }
}

/// Any JSON object key, to list the keys a client sent.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}

extension Decoder {
    /// Refuses keys that `Keys` does not name (a misspelt field must not be silently ignored).
    /// - Throws: ``APIError`` 400 `unknown_field`.
    func rejectUnknownKeys<Keys: CodingKey & CaseIterable>(_ keys: Keys.Type) throws {
        let container = try container(keyedBy: AnyCodingKey.self)
        let known = Set(Keys.allCases.map(\.stringValue))
        for key in container.allKeys where !known.contains(key.stringValue) {
            let name = key.stringValue.prefix(64)
            throw APIError.badRequest(
                "unknown_field", "unknown field \"\(name)\"; known fields: \(known.sorted().joined(separator: ", "))")
        }
    }
}
