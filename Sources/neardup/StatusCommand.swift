import ArgumentParser
import Foundation
import NearDupIO
import NearDupWatch

struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "Show what a watch daemon's state holds: documents, clusters, backlog.")

    @Option(help: "The daemon's state folder.")
    var state: String

    func run() throws {
        let summary = try StateSummary.load(folder: state)
        print(summary.text)
    }
}

struct StateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "state", abstract: "Maintain a watch daemon's state.", subcommands: [Compact.self])

    struct Compact: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Rewrite the state log, dropping documents older than the window (the daemon must be stopped).")

        @Option(help: "The daemon's state folder.")
        var state: String

        @Option(help: "Drop documents older than this (e.g. 7d); their files stay marked as ingested.")
        var window: TimeSpan?

        func run() throws {
            do {
                let result = try StateCompactor.compact(folder: state, window: window?.seconds)
                print(
                    "state compacted: \(result.kept) documents kept, \(result.dropped) dropped, "
                        + "\(result.bytesBefore) → \(result.bytesAfter) bytes")
            } catch let error as IOError {
                System.printError("neardup: \(error)\n")
                throw ExitCode.failure
            }
        }
    }
}
