import BourseCore
import ConsolidatedBook
import OrderBook

/// Small builders shared by the consolidated book's tests.
enum Build {
    /// Scales that are known to be valid.
    static func scales(_ price: Int, _ size: Int) -> BookScales {
        do { return try BookScales(price: price, size: size) } catch { preconditionFailure("\(error)") }
    }

    /// A venue configuration that is known to be valid.
    static func venue(_ name: String, _ price: Int, _ size: Int, fee: Int = 0) -> VenueConfig {
        do {
            return try VenueConfig(name: name, scales: scales(price, size), takerFeeBasisPoints: fee)
        } catch {
            preconditionFailure("\(error)")
        }
    }

    /// An L2 book from `(price, size)` pairs of raw integers at the venue's scales.
    static func book(bids: [(Int64, Int64)] = [], asks: [(Int64, Int64)] = []) -> L2Book {
        L2Book(
            bids: bids.map { L2Level(price: Price($0.0), quantity: Quantity($0.1)) },
            asks: asks.map { L2Level(price: Price($0.0), quantity: Quantity($0.1)) })
    }

    /// A book from decimal text at the given scales (`("100.5", "2")`).
    static func book(_ scales: BookScales, bids: [(String, String)] = [], asks: [(String, String)] = []) throws
        -> L2Book
    {
        func level(_ pair: (String, String)) throws -> L2Level {
            L2Level(
                price: Price(try FixedPoint.parse(pair.0, scale: scales.price)),
                quantity: Quantity(try FixedPoint.parse(pair.1, scale: scales.size)))
        }
        return L2Book(bids: try bids.map(level), asks: try asks.map(level))
    }
}

extension ConsolidatedBook {
    /// `(price text, total text, [venue: size text])` of the best `n` levels, for readable expectations.
    func describeTop(_ side: Side, _ n: Int) -> [String] {
        top(side, n).map { level in
            let venues = level.venues.map {
                "\($0.venueName)=\(FixedPoint.format($0.quantity.rawValue, scale: scales.size))"
            }
            return "\(FixedPoint.format(level.price.rawValue, scale: scales.price)) "
                + "\(FixedPoint.format(level.total.rawValue, scale: scales.size)) [\(venues.joined(separator: ","))]"
        }
    }

    /// `venue@price:size` of the best `n` rows.
    func describeRows(_ side: Side, _ n: Int) -> [String] {
        rows(side, n).map {
            "\($0.venueName)@\(FixedPoint.format($0.price.rawValue, scale: scales.price)):"
                + FixedPoint.format($0.quantity.rawValue, scale: scales.size)
        }
    }
}
