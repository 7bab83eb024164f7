import ArgumentParser

/// What a command prints on standard output.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    /// A short summary for people.
    case text
    /// The full report as JSON.
    case json
    /// `doc_id<TAB>cluster_id`, the layout of `labels.tsv`.
    case tsv
}
