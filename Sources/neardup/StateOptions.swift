import ArgumentParser
import NearDupWatch

/// Where the durable state lives and how it is kept: shared by `watch` and `serve`.
struct StateOptions: ParsableArguments {
    @Option(help: "Folder for the durable state (created if missing).")
    var state: String

    @Option(
        help: ArgumentHelp(
            "Least seconds between index checkpoints (0: after every batch), written in the background.",
            discussion: "A start loads the checkpoint and replays only the state log after it. A checkpoint also "
                + "waits three times as long as the last one took, and half an interval after a full report."))
    var checkpointInterval = 60.0

    @Option(help: "Leave documents older than this out of the index, e.g. 7d or 12h (default: keep all).")
    var window: TimeSpan?

    @Option(
        help: ArgumentHelp(
            "When the state log is damaged: refuse (start nothing, change nothing, say what is damaged) or salvage.",
            discussion: "salvage copies the log to state.log.damaged-<time>, keeps every intact batch and records "
                + "which batches, documents and files were lost; an unfinished last batch is cut off either way."))
    var onDamage: DamagePolicy = .refuse

    @Option(
        help: ArgumentHelp(
            "Where the live index keeps its fingerprints: memory, or log (read back from the state log).",
            discussion: "log takes about 2.4 KB a document less memory and starts faster (at a million documents "
                + "6.0 against 8.4 GB, 18-24 against 38-39 s) for slower batches on a large index (p99 1.3 against "
                + "0.4 s at 100 files/s). A checkpoint is used only under the placement it was written with."))
    var fingerprints: FingerprintPlacement = .memory

    var folder: String { state.count > 1 && state.hasSuffix("/") ? String(state.dropLast()) : state }

    func validate() throws {
        if !(checkpointInterval >= 0) { throw ValidationError("--checkpoint-interval must not be negative") }
    }
}
