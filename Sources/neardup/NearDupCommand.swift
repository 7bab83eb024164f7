import ArgumentParser

@main
struct NearDupCommand: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "neardup",
        abstract: "Find exact duplicates, near-duplicates and edited reprints in a text corpus.",
        discussion: """
            Exit codes: 0 success; 2 the report was written but some inputs were skipped (see the report's \
            "skipped" list and the summary on stderr); 1 failure (nothing written); 64 invalid command line.
            """,
        version: version,
        subcommands: [
            ClusterCommand.self, WatchCommand.self, ServeCommand.self, StatusCommand.self, StateCommand.self,
            ReportCommand.self,
            CompareCommand.self,
            EvalCommand.self, GenerateCommand.self,
        ]
    )
}

/// Exit status for a run that finished but skipped some inputs.
let partialExitCode = ExitCode(2)
