import ArgumentParser

/// `bourse bench structures`: the data-structure alternatives behind DESIGN.md's choices.
struct StructuresBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "structures",
        abstract: "Compares book data structures on the engine's random stream (see DESIGN.md)."
    )

    @Option(help: "Commands in the stream.")
    var generate: Int = 1_000_000

    @Option(help: "Seed.")
    var seed: UInt64 = 1

    @Option(help: "Workload: random or deep (plain GTC limit orders and cancels).")
    var workload: String = "random"

    func validate() throws {
        guard workload == "random" || workload == "deep" else { throw ValidationError("workload must be random or deep") }
    }

    func run() throws {
        let ops = StreamGenerator.generate(StreamGenerator.Workload(rawValue: workload)!, count: generate, seed: seed)
        for line in StructureAlternatives.run(ops) { print(line) }
    }
}
