import Hummingbird
import Logging
import NIOCore

/// Turns every error a route throws into the API's JSON error shape: ``APIError`` as is, Hummingbird's own errors
/// (404 for unknown routes, 405, 413 for oversized bodies) with a stable code, and anything else as a 500 that
/// logs the cause but never shows it to the client.
struct ErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as APIError {
            return try error.response(from: request, context: context)
        } catch let error as HTTPError {
            return try Self.map(error.status).response(from: request, context: context)
        } catch is NIOTooManyBytesError {
            return try Self.map(.contentTooLarge).response(from: request, context: context)
        } catch let error as any HTTPResponseError {
            return try Self.map(error.status).response(from: request, context: context)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(error)", "path": "\(request.uri.path)"])
            return try APIError.internalError.response(from: request, context: context)
        }
    }

    static func map(_ status: HTTPResponse.Status) -> APIError {
        switch status {
        case .notFound: return APIError(.notFound, "not_found", "no such endpoint")
        case .methodNotAllowed: return APIError(.methodNotAllowed, "method_not_allowed", "method not allowed here")
        case .contentTooLarge: return APIError(.contentTooLarge, "body_too_large", "the request body is too large")
        case .badRequest: return APIError(.badRequest, "bad_request", "the request is malformed")
        default:
            if status.code >= 500 { return APIError.internalError }
            return APIError(status, "http_\(status.code)", status.reasonPhrase)
        }
    }
}
