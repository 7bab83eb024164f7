import ArgumentParser
import NearDupIO

/// How inputs are found and read.
struct InputOptions: ParsableArguments {
    @Option(
        name: .customLong("include"),
        help: """
            File name pattern selecting files (repeatable). Default: *.txt and *.txt.gz inside directories for \
            cluster; *.txt, *.txt.gz, *.jsonl and *.jsonl.gz in the inbox for watch.
            """)
    var include: [String] = []

    @Option(help: "JSON Lines field holding the document id.")
    var idField = "id"

    @Option(help: "JSON Lines field holding the document text.")
    var textField = "text"

    @Option(
        help: """
            JSON Lines field holding the filing time, an RFC 3339 date-time such as 1987-03-19T15:01:01Z \
            (see --filing-gap); '' reads none.
            """)
    var timeField = "publishedAt"

    @Option(help: "Skip documents larger than this many bytes (after decompression).")
    var maxBytes: Int = 10 << 20

    @Option(help: "Worker threads (default: all cores).")
    var jobs: Int = System.coreCount

    func corpusOptions() -> CorpusOptions {
        var options = CorpusOptions()
        if !include.isEmpty { options.include = include }
        options.idField = idField
        options.textField = textField
        options.timeField = timeField.isEmpty ? nil : timeField
        options.maximumBytes = maxBytes
        options.jobs = jobs
        return options
    }

    func validate() throws {
        if maxBytes < 1 { throw ValidationError("--max-bytes must be at least 1") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if idField.isEmpty || textField.isEmpty { throw ValidationError("field names must not be empty") }
        if idField == textField || idField == timeField || textField == timeField {
            throw ValidationError("--id-field, --text-field and --time-field must name different fields")
        }
    }
}
