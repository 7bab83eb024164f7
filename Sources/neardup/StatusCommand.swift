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
        if summary.damage != nil {
            System.printError(
                "neardup: the state log is damaged; `neardup watch … --on-damage salvage` or "
                    + "`neardup state compact --state \(state) --on-damage salvage` keeps the intact batches\n")
            throw ExitCode(3)
        }
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

        @Option(help: "When the log is damaged: refuse (change nothing, say what is damaged) or salvage.")
        var onDamage: DamagePolicy = .refuse

        func run() throws {
            do {
                let result = try StateCompactor.compact(folder: state, window: window?.seconds, onDamage: onDamage)
                if let note = result.salvage {
                    print(
                        "state salvaged first: lost \(note.batches), \(note.documents.count) document(s), "
                            + "\(note.files.count) file(s) to re-send; the damaged original is kept as \(note.copy)")
                }
                print(
                    "state compacted: \(result.kept) documents kept, \(result.dropped) dropped, "
                        + "\(result.bytesBefore) → \(result.bytesAfter) bytes")
            } catch let error as IOError {
                System.printError("neardup: \(error)\n")
                throw error.code == .damaged ? ExitCode(3) : ExitCode.failure
            }
        }
    }
}

extension DamagePolicy: ExpressibleByArgument {}
extension FingerprintPlacement: ExpressibleByArgument {}
