import BourseCore
import ExchangeCore
import Ledger
import MatchingEngine
import Testing
import BourseTesting

@Suite("Journal encoding of commands")
struct CommandCodecTests {
    @Test("every command of a random stream round-trips exactly")
    func roundTrip() throws {
        let x = ExchangeFixture()
        var rng = SeededGenerator(seed: 42)
        var generator = RandomExchangeCommands(accounts: [x.alice, x.bob], symbol: "BTC-USDT")
        var commands = x.log
        for _ in 0..<3_000 {
            let command = generator.next(&rng, state: x.state)
            x.apply(command)
        }
        commands = x.log
        commands.append(SequencedCommand(sequence: UInt64.max, time: Int64.min, command: .cancel(account: AccountID(UInt32.max), symbol: "é", order: .client("ü"))))
        let change = BracketChange(
            entryPrice: Price(-5), takeProfitPrice: nil, stopLossTrigger: Price(Int64.max), stopLossLimit: Price(Int64.min))
        commands.append(SequencedCommand(sequence: 9, time: 1, command: .modifyBracket(account: AccountID(7), symbol: "BTC-USDT", entry: .client("e"), change: change)))
        commands.append(SequencedCommand(sequence: 10, time: 2, command: .modifyBracket(account: AccountID(7), symbol: "BTC-USDT", entry: .id(OrderID(3)), change: BracketChange())))
        #expect(commands.contains { if case .modifyBracket = $0.command { true } else { false } })
        for c in commands {
            #expect(try CommandCodec.decode(CommandCodec.encode(c)) == c)
        }
    }

    @Test("truncated, extended or garbage records are typed errors, never crashes")
    func corruptRecords() {
        let x = ExchangeFixture()
        var rng = SeededGenerator(seed: 7)
        for c in x.log {
            let bytes = CommandCodec.encode(c)
            for cut in 0..<bytes.count {
                #expect(throws: CodecError.self) { try CommandCodec.decode(Array(bytes[..<cut])) }
            }
            #expect(throws: CodecError.self) { try CommandCodec.decode(bytes + [0]) }
        }
        var decoded = 0
        for _ in 0..<20_000 {
            let bytes = (0..<Int(rng.next() % 40)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            if (try? CommandCodec.decode(bytes)) != nil { decoded += 1 }
        }
        #expect(decoded < 20_000)
    }
}
