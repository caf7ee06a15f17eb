import ArgumentParser

/// The `bourse` command line: one subcommand per job, one file each.
@main
struct Bourse: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bourse",
        abstract: "Bourse: matching engine, exchange, market data and trading on one Swift binary.",
        subcommands: [
            BenchCommand.self, ExchangeServeCommand.self, ClientCommand.self, ReplayCommand.self, VenuesCommand.self,
            FeedsCommand.self, RecordCommand.self, ProbeCommand.self, AggregateCommand.self, WatchCommand.self,
            AnalyticsCommand.self, DemoCommand.self, TradeCommand.self,
        ],
        defaultSubcommand: DemoCommand.self
    )
}
