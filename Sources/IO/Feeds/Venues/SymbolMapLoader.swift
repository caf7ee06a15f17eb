import BourseCore
import Foundation
import MarketData

/// Loads a venue's instrument list over REST into a ``SymbolMap``, so names the heuristic cannot split
/// (`1000PEPEUSDT`, `XBTUSDT`, Bitstamp's lower-case pairs) map exactly to canonical symbols and back.
///
/// Endpoints: Binance `/api/v3/exchangeInfo` (futures `/fapi/v1/exchangeInfo`), Coinbase `/products`, Bitstamp
/// `/api/v2/trading-pairs-info`, BitMEX `/api/v1/instrument/active`, OKX `/api/v5/public/instruments`.
public enum SymbolMapLoader {
    /// Why a list could not be loaded.
    public struct LoadError: Error, Hashable, Sendable, CustomStringConvertible {
        /// `unsupported_venue`, `unreadable`, or an ``HTTPFetchError`` code.
        public var code: String
        public var message: String
        public var description: String { "\(code): \(message)" }
    }

    /// The instrument list's path on a venue's REST address (`nil`: the venue has none here).
    public static func path(of venue: String) -> String? {
        switch venue {
        case "binance": return "/api/v3/exchangeInfo"
        case "binance-futures": return "/fapi/v1/exchangeInfo"
        case "coinbase", "coinbase-advanced": return "/products"
        case "bitstamp", "bitstamp-top": return "/api/v2/trading-pairs-info"
        case "bitmex": return "/api/v1/instrument/active"
        case "okx": return "/api/v5/public/instruments?instType=SPOT"
        default: return nil
        }
    }

    /// Fetches and reads `venue`'s instrument list from `restBase`.
    /// - Throws: ``LoadError``.
    public static func load(venue: String, restBase: String, fetcher: HTTPFetcher = .init()) async throws(LoadError) -> SymbolMap {
        guard let path = path(of: venue) else { throw LoadError(code: "unsupported_venue", message: "no instrument list for \(venue)") }
        let body: [UInt8]
        do {
            body = try await fetcher.get(restBase + path)
        } catch let error as HTTPFetchError {
            throw LoadError(code: error.code, message: error.message)
        } catch {
            throw LoadError(code: "unreadable", message: "\(error)")
        }
        return try parse(venue: venue, body: body)
    }

    /// Reads an instrument list (the venue's own JSON) into a map.
    /// - Throws: ``LoadError`` `unreadable` when the body is not the venue's list.
    public static func parse(venue: String, body: [UInt8]) throws(LoadError) -> SymbolMap {
        var map = SymbolMap()
        let data = Data(body)
        let decoder = JSONDecoder()
        do {
            switch venue {
            case "binance", "binance-futures":
                struct Info: Decodable { var symbols: [Row] }
                struct Row: Decodable { var symbol: String; var baseAsset: String; var quoteAsset: String }
                for row in try decoder.decode(Info.self, from: data).symbols {
                    map.add(row.symbol, CanonicalSymbol(base: row.baseAsset, quote: row.quoteAsset))
                }
            case "coinbase", "coinbase-advanced":
                struct Row: Decodable { var id: String; var base_currency: String; var quote_currency: String }
                for row in try decoder.decode([Row].self, from: data) {
                    map.add(row.id, CanonicalSymbol(base: row.base_currency, quote: row.quote_currency))
                }
            case "bitstamp", "bitstamp-top":
                struct Row: Decodable { var name: String; var url_symbol: String }
                for row in try decoder.decode([Row].self, from: data) {
                    let parts = row.name.split(separator: "/")
                    guard parts.count == 2 else { continue }
                    map.add(row.url_symbol, CanonicalSymbol(base: String(parts[0]), quote: String(parts[1])))
                }
            case "bitmex":
                struct Row: Decodable {
                    var symbol: String
                    var rootSymbol: String
                    var quoteCurrency: String
                    /// Contracts per unit of the base (1,000,000 for XBTUSDT); absent or null for other kinds.
                    var underlyingToPositionMultiplier: Int64?
                    var isInverse: Bool?
                }
                for row in try decoder.decode([Row].self, from: data) {
                    map.add(row.symbol, CanonicalSymbol(base: row.rootSymbol, quote: row.quoteCurrency))
                    // A linear contract of a power-of-ten size converts to base quantity exactly; an inverse one
                    // (sized in the quote) would need a division by the price, so it gets no scale.
                    if row.isInverse != true, let multiplier = row.underlyingToPositionMultiplier,
                        let scale = FixedPoint.powersOfTen.firstIndex(of: multiplier)
                    {
                        map.setContractScale(row.symbol, scale)
                    }
                }
            case "okx":
                struct List: Decodable { var data: [Row] }
                struct Row: Decodable { var instId: String; var baseCcy: String; var quoteCcy: String }
                for row in try decoder.decode(List.self, from: data).data {
                    map.add(row.instId, CanonicalSymbol(base: row.baseCcy, quote: row.quoteCcy))
                }
            default:
                throw LoadError(code: "unsupported_venue", message: "no instrument list for \(venue)")
            }
        } catch let error as LoadError {
            throw error
        } catch {
            throw LoadError(code: "unreadable", message: "\(venue) instrument list: \(error)")
        }
        return map
    }
}
