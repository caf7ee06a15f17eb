import Feeds
import Foundation

extension HTTPFetcher {
    /// Sends an order-entry request and says what a transport failure means for the order: refused before
    /// sending (`connect_failed`, `invalid_url`) is `unreachable` — nothing reached the venue; anything later
    /// (timeout, connection lost) is `unknownOutcome` — the venue may have acted on it.
    func orderEntry(_ call: HTTPCall, venue: String) async throws(OrderEntryError) -> HTTPReply {
        do {
            return try await send(call)
        } catch let failure as HTTPFetchError {
            let code: OrderEntryError.Code =
                failure.code == "connect_failed" || failure.code == "invalid_url" ? .unreachable : .unknownOutcome
            throw OrderEntryError(code, "\(venue): \(failure)")
        } catch {
            throw OrderEntryError(.unknownOutcome, "\(venue): \(error)")
        }
    }
}

/// A query-string or path component, percent-encoded (unreserved characters kept), as both REST dialects sign it.
func percentEncoded(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~"))) ?? text
}
