#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Hummingbird
import NIOCore

/// Builds JSON responses with one shared encoder configuration.
enum JSONResponse {
    /// Encodes `value` as the body of a response. Encoding our own response types cannot fail; if it ever does
    /// the client gets a 500 without details.
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        guard let body = encoded(value) else {
            return Response(
                status: .internalServerError, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: encodingFailed)))
        }
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: body))
    }

    /// The JSON bytes of `value` as `make(_:status:)` writes them (the internal-error body if encoding fails).
    static func bytes(_ value: some Encodable) -> ByteBuffer {
        encoded(value) ?? ByteBuffer(string: encodingFailed)
    }

    private static func encoded(_ value: some Encodable) -> ByteBuffer? {
        guard let data = try? JSONEncoder().encode(value) else { return nil }
        return ByteBuffer(bytes: data)
    }

    private static let encodingFailed = #"{"code":"internal_error","message":"encoding failed"}"#

    /// An order view, written without `JSONEncoder` (the response to every order request).
    static func make(_ view: OrderView, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: view.json))
    }

    /// Encodes a value to a JSON string (for WebSocket frames).
    static func string(_ value: some Encodable) -> String {
        guard let data = try? JSONEncoder().encode(value) else {
            return #"{"error":"encoding failed"}"#
        }
        return String(decoding: data, as: UTF8.self)
    }
}
