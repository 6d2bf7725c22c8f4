package import ArgumentParser

/// `fazhi`: the command-line client and local-cluster launcher.
package struct FazhiCommand: AsyncParsableCommand {
    package static let configuration = CommandConfiguration(
        commandName: "fazhi",
        abstract: "Annual rule-of-law government reports (法治政府建设年度报告) as searchable, comparable data.",
        subcommands: [
            UpCommand.self, DownCommand.self, DemoCommand.self, IngestCommand.self, SearchCommand.self, ReportCommand.self, StatsCommand.self,
            ComplianceCommand.self, SimilarCommand.self, ExportCommand.self, HealthCommand.self, ParseCommand.self, CacheCommand.self,
            GenerateCommand.self, BenchSearchCommand.self,
        ]
    )

    package init() {}
}
