import Testing

@testable import BourseCore

@Suite("Instrument")
struct InstrumentTests {
    static func btcusdt() throws -> Instrument {
        try Instrument(
            symbol: "BTCUSDT", baseAsset: "BTC", quoteAsset: "USDT", priceScale: 2, sizeScale: 5,
            tickSize: Price(1), lotSize: Quantity(10), minQuantity: Quantity(100), maxQuantity: Quantity(900_000_000))
    }

    @Test("parses prices and sizes onto the grid")
    func parses() throws {
        let btc = try Self.btcusdt()
        #expect(try btc.price("26818.88000000") == Price(2_681_888))
        #expect(try btc.quantity("0.00100") == Quantity(100))
        #expect(btc.format(Price(2_681_888)) == "26818.88")
        #expect(btc.format(Quantity(150)) == "0.0015")
        #expect(btc.notionalScale == 7)
    }

    @Test("rejects off-grid, out-of-range and malformed values with a clear reason")
    func rejects() throws {
        let btc = try Self.btcusdt()
        func code(_ body: () throws -> Void) -> InstrumentError.Code? {
            do {
                try body()
                return nil
            } catch let error as InstrumentError {
                #expect(!error.message.isEmpty)
                return error.code
            } catch {
                Issue.record("unexpected error \(error)")
                return nil
            }
        }
        #expect(code { _ = try btc.price("26818.885") } == .invalidDecimal)
        #expect(code { _ = try btc.price("0") } == .nonPositivePrice)
        #expect(code { _ = try btc.price("-5") } == .nonPositivePrice)
        #expect(code { _ = try btc.quantity("0.00105") } == .quantityOffLot)
        #expect(code { _ = try btc.quantity("0.0009") } == .quantityBelowMinimum)
        #expect(code { _ = try btc.quantity("10000") } == .quantityAboveMaximum)
        #expect(code { _ = try btc.quantity("-1") } == .invalidDecimal)
        #expect(code { _ = try btc.quantity("1e-5") } == .invalidDecimal)
        #expect(code { try btc.validate(quantity: Quantity(0)) } == .nonPositiveQuantity)
        let tick5 = try Instrument(
            symbol: "X", baseAsset: "X", quoteAsset: "Y", priceScale: 1, sizeScale: 0, tickSize: Price(5),
            lotSize: Quantity(1), maxPrice: Price(10_000))
        #expect(code { try tick5.validate(price: Price(12)) } == .priceOffTick)
        #expect(code { try tick5.validate(price: Price(10_005)) } == .priceOutOfRange)
        #expect(code { try tick5.validate(price: Price(15)) } == nil)
    }

    @Test("an inconsistent definition is refused")
    func definition() {
        #expect(throws: InstrumentError.self) {
            try Instrument(
                symbol: "X", baseAsset: "X", quoteAsset: "Y", priceScale: 10, sizeScale: 10, tickSize: Price(1),
                lotSize: Quantity(1))
        }
        #expect(throws: InstrumentError.self) {
            try Instrument(
                symbol: "X", baseAsset: "X", quoteAsset: "Y", priceScale: 2, sizeScale: 2, tickSize: Price(0),
                lotSize: Quantity(1))
        }
    }
}
