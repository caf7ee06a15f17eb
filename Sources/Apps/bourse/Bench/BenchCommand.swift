import ArgumentParser

/// `bourse bench ...`: benchmarks (release builds only give meaningful figures).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks; each prints one JSON line.",
        subcommands: [
            EngineBenchCommand.self, StructuresBenchCommand.self, FeedBenchCommand.self, FanoutBenchCommand.self,
            AggregateBenchCommand.self, SubscribeBenchCommand.self, RouteBenchCommand.self, L2BenchCommand.self,
            HTTPCeilingBenchCommand.self,
        ]
    )
}
