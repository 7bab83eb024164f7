import Foundation
import NearDupCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Where a document came from, precisely enough to read its text again (for `compare` and report excerpts).
public enum DocumentSource: Sendable, Equatable {
    case file(path: String)
    case jsonLine(path: String, line: Int)

    public var origin: String {
        switch self {
        case .file(let path): path
        case .jsonLine(let path, let line): "\(path):\(line)"
        }
    }
}

/// The documents of a corpus, fingerprinted, with everything that was skipped on the way.
public struct LoadedCorpus: Sendable {
    public var ids: [String] = []
    public var fingerprints: [DocumentFingerprint] = []
    public var sources: [DocumentSource] = []
    public var skipped: [SkippedInput] = []
    /// Bytes of text read (after decompression).
    public var bytes = 0
    /// Documents that had invalid UTF-8 (read lossily) and the number of invalid sequences in them.
    public var lossyDocuments = 0
    public var invalidSequences = 0
}

/// Options for finding and reading inputs.
public struct CorpusOptions: Sendable {
    /// File name patterns (fnmatch) that select files inside directories.
    public var include = ["*.txt", "*.txt.gz"]
    public var idField = "id"
    public var textField = "text"
    /// JSON Lines field holding the filing time (`FilingTime`); nil reads none.
    public var timeField: String? = "publishedAt"
    /// Largest document, in bytes after decompression.
    public var maximumBytes = 10 << 20
    /// Longest JSON Lines line held in memory: room for a text of `maximumBytes` written with `\u` escapes.
    public var maximumLineBytes: Int { maximumBytes >= Int.max / 4 ? Int.max : 3 * maximumBytes + 4096 }
    public var jobs = 1

    public init() {}
}

/// Finds, reads and fingerprints the documents named by command-line paths.
///
/// Text is read, fingerprinted and dropped one document at a time per worker; JSON Lines are streamed in batches.
/// Nothing is silently lost: every input that does not become a document is returned in `skipped`.
public struct CorpusLoader: Sendable {
    public var options: CorpusOptions
    public var configuration: Configuration

    public init(options: CorpusOptions, configuration: Configuration) {
        self.options = options
        self.configuration = configuration
    }

    /// Called from worker threads with the number of inputs finished and the bytes read so far.
    public typealias Progress = @Sendable (_ done: Int, _ total: Int?, _ bytes: Int) -> Void

    enum Unit {
        case textFile(path: String, id: String)
        case jsonLines(path: String)
        case missing(path: String, error: IOError)
    }

    public func load(_ paths: [String], progress: Progress? = nil) -> LoadedCorpus {
        var corpus = LoadedCorpus()
        var firstOrigin: [String: String] = [:]
        var textFiles: [(path: String, id: String)] = []
        var units: [Unit] = []
        for path in paths { units.append(contentsOf: expand(path, skipped: &corpus.skipped)) }
        // Text files are loaded together (in parallel); JSON Lines files stream one by one, in argument order.
        for unit in units { if case .textFile(let path, let id) = unit { textFiles.append((path, id)) } }
        let files = textFiles
        let total = files.count
        let counter = Atomic<Int>(0)
        let byteCounter = Atomic<Int>(0)
        let outcomes = fingerprintAll(count: total) { fingerprinter, index in
            let (path, id) = files[index]
            let outcome = readTextFile(path, id: id, &fingerprinter)
            let done = counter.wrappingAdd(1, ordering: .relaxed).newValue
            let bytes = byteCounter.wrappingAdd(outcome.bytes, ordering: .relaxed).newValue
            if done % 256 == 0 { progress?(done, total, bytes) }
            return outcome
        }
        var nextText = 0
        for unit in units {
            switch unit {
            case .textFile:
                let outcome = outcomes[nextText]
                nextText += 1
                accept(outcome, into: &corpus, firstOrigin: &firstOrigin)
            case .jsonLines(let path):
                streamJSONLines(path, into: &corpus, firstOrigin: &firstOrigin, progress: progress)
            case .missing(let path, let error):
                corpus.skipped.append(
                    SkippedInput(origin: path, id: nil, reason: .init(error.code), message: error.message))
            }
        }
        progress?(counter.load(ordering: .relaxed), total, corpus.bytes)
        return corpus
    }

    struct Outcome: Sendable {
        var id: String
        var source: DocumentSource
        var bytes: Int
        var result: Result<DocumentFingerprint, SkippedInput>
        /// A blank JSON Lines line: allowed, and produces nothing.
        var isBlank = false
    }

    func accept(_ outcome: Outcome, into corpus: inout LoadedCorpus, firstOrigin: inout [String: String]) {
        corpus.bytes += outcome.bytes
        switch outcome.result {
        case .failure(let skipped):
            corpus.skipped.append(skipped)
        case .success(let fingerprint):
            if let first = firstOrigin[outcome.id] {
                corpus.skipped.append(
                    SkippedInput(
                        origin: outcome.source.origin, id: outcome.id, reason: .duplicateID,
                        message: "duplicate id '\(outcome.id)' (first read from \(first))"))
                return
            }
            firstOrigin[outcome.id] = outcome.source.origin
            if fingerprint.invalidSequences > 0 {
                corpus.lossyDocuments += 1
                corpus.invalidSequences += fingerprint.invalidSequences
            }
            corpus.ids.append(outcome.id)
            corpus.fingerprints.append(fingerprint)
            corpus.sources.append(outcome.source)
        }
    }

    /// Runs `body` for each index on `options.jobs` workers, each with its own fingerprinter.
    func fingerprintAll(count: Int, _ body: @Sendable (inout Fingerprinter, Int) -> Outcome) -> [Outcome] {
        guard count > 0 else { return [] }
        let results = UnsafeMutableBufferPointer<Outcome>.allocate(capacity: count)
        let output = OutcomeBuffer(buffer: results)
        let cursor = Atomic<Int>(0)
        let configuration = self.configuration
        let jobs = max(1, min(options.jobs, count))
        Parallel.workers(jobs) { _ in
            var fingerprinter = Fingerprinter(configuration: configuration)
            while true {
                let start = cursor.wrappingAdd(16, ordering: .relaxed).oldValue
                if start >= count { break }
                for index in start..<min(start + 16, count) {
                    (output.buffer.baseAddress! + index).initialize(to: body(&fingerprinter, index))
                }
            }
        }
        let array = Array(results)
        _ = results.deinitialize()
        results.deallocate()
        return array
    }

    func readTextFile(_ path: String, id: String, _ fingerprinter: inout Fingerprinter) -> Outcome {
        let source = DocumentSource.file(path: path)
        do {
            let bytes = try Self.readText(path, limit: options.maximumBytes)
            return fingerprint(bytes, id: id, source: source, &fingerprinter)
        } catch {
            return Outcome(
                id: id, source: source, bytes: 0,
                result: .failure(
                    SkippedInput(origin: path, id: id, reason: .init(error.code), message: error.message)))
        }
    }

    /// A text file's bytes, decompressed when it is gzip. Decided by content (the gzip magic number), whatever the
    /// name says: plain text named `.txt.gz` is read as text, gzip named `.txt` is decompressed.
    public static func readText(_ path: String, limit: Int) throws(IOError) -> [UInt8] {
        // A compressed file larger than the limit could not decompress to less, so the same limit applies to both.
        var bytes = try FileReader.read(path, limit: limit)
        if Gzip.isGzip(bytes.prefix(2)) {
            do {
                bytes = try Gzip.decompress(bytes, limit: limit)
            } catch {
                throw IOError(error.code, path: path, error.message)
            }
        }
        return bytes
    }

    func fingerprint(
        _ bytes: [UInt8], id: String, source: DocumentSource, filedAt: Int64? = nil,
        _ fingerprinter: inout Fingerprinter
    ) -> Outcome {
        var fingerprint = bytes.withUnsafeBytes { fingerprinter.fingerprint($0) }
        fingerprint.filedAt = filedAt
        if let (reason, message) = DocumentQuality.problem(fingerprint) {
            return Outcome(
                id: id, source: source, bytes: bytes.count,
                result: .failure(SkippedInput(origin: source.origin, id: id, reason: reason, message: message)))
        }
        return Outcome(id: id, source: source, bytes: bytes.count, result: .success(fingerprint))
    }

    // MARK: Finding inputs

    /// Identifies a file or directory on the machine, whatever path reaches it.
    struct FileIdentity: Hashable {
        var device: UInt64
        var inode: UInt64

        init(_ status: stat) {
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
        }
    }

    /// The inputs a command-line path stands for. Paths are escaped names (`FileName`).
    func expand(_ path: String, skipped: inout [SkippedInput]) -> [Unit] {
        if path == "-" { return [.jsonLines(path: "-")] }
        var status = stat()
        guard FileName.stat(path, &status) == 0 else {
            return [.missing(path: path, error: IOError(.notFound, path: path, Self.lookupProblem(path, errno)))]
        }
        if (status.st_mode & S_IFMT) != S_IFDIR {
            if Self.isJSONLines(path) { return [.jsonLines(path: path)] }
            let name = path.split(separator: "/").last.map(String.init) ?? path
            return [.textFile(path: path, id: Self.stripExtensions(name))]
        }
        let root = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        var relativePaths: [String] = []
        var visited: Set<FileIdentity> = [FileIdentity(status)]
        collect(root, relative: "", into: &relativePaths, visited: &visited, skipped: &skipped)
        relativePaths.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        return relativePaths.map { relative in
            let full = root + "/" + relative
            return Self.isJSONLines(relative)
                ? .jsonLines(path: full) : .textFile(path: full, id: Self.stripExtensions(relative))
        }
    }

    /// Walks a directory tree. Directories and files are identified by (device, inode), so a symbolic link loop
    /// is cut where it closes and a file reached by two paths is read once, under the first path of the sorted walk.
    private func collect(
        _ root: String, relative: String, into output: inout [String], visited: inout Set<FileIdentity>,
        skipped: inout [SkippedInput]
    ) {
        let folder = relative.isEmpty ? root : root + "/" + relative
        guard let directory = FileName.withCPath(folder, { opendir($0) }) else {
            skipped.append(
                SkippedInput(
                    origin: folder, id: nil, reason: .unreadable, message: "cannot list directory: \(errorText())"))
            return
        }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { FileName.escape(cString: $0) }
            }
            if !name.hasPrefix(".") { names.append(name) }
        }
        closedir(directory)
        names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        for name in names {
            let child = relative.isEmpty ? name : relative + "/" + name
            let full = root + "/" + child
            var status = stat()
            guard FileName.stat(full, &status) == 0 else {
                let problem = errno
                if problem == EACCES {
                    // Without search permission on the folder nothing in it can be opened: said once, for the folder.
                    skipped.append(
                        SkippedInput(
                            origin: folder, id: nil, reason: .unreadable,
                            message: "permission denied: the directory can be listed but not searched, so none of "
                                + "its \(names.count) entries can be opened"))
                    return
                }
                if matches(name: name, relative: child) {
                    skipped.append(
                        SkippedInput(
                            origin: full, id: Self.stripExtensions(child), reason: .notFound,
                            message: Self.lookupProblem(full, problem)))
                }
                continue
            }
            let kind = status.st_mode & S_IFMT
            if kind == S_IFDIR {
                guard visited.insert(FileIdentity(status)).inserted else { continue }
                collect(root, relative: child, into: &output, visited: &visited, skipped: &skipped)
            } else if matches(name: name, relative: child) {
                if kind != S_IFREG {
                    skipped.append(
                        SkippedInput(
                            origin: full, id: Self.stripExtensions(child), reason: .notAFile,
                            message: "not a regular file (\(FileReader.kind(status.st_mode))): not read"))
                    continue
                }
                guard visited.insert(FileIdentity(status)).inserted else { continue }
                output.append(child)
            }
        }
    }

    /// Why `stat` failed on a path that was named or listed, in words.
    static func lookupProblem(_ path: String, _ code: Int32) -> String {
        switch code {
        case ENOENT:
            var status = stat()
            return FileName.lstat(path, &status) == 0
                ? "broken symbolic link (its target does not exist)" : "no such file or directory"
        case ELOOP: return "symbolic link loop"
        case EACCES: return "permission denied"
        default: return "cannot be opened: \(String(cString: strerror(code)))"
        }
    }

    func matches(name: String, relative: String) -> Bool {
        options.include.contains { pattern in
            fnmatch(pattern, pattern.contains("/") ? relative : name, 0) == 0
        }
    }

    static func isJSONLines(_ path: String) -> Bool { path.hasSuffix(".jsonl") || path.hasSuffix(".jsonl.gz") }

    /// `a/b.txt` → `a/b`, `a/b.txt.gz` → `a/b`, `notes` → `notes`.
    public static func stripExtensions(_ path: String) -> String {
        var name = path
        if name.hasSuffix(".gz") { name.removeLast(3) }
        let slash = name.lastIndex(of: "/").map { name.index(after: $0) } ?? name.startIndex
        if let dot = name[slash...].lastIndex(of: "."), dot > slash { name = String(name[..<dot]) }
        return name
    }

    // MARK: JSON Lines

    func streamJSONLines(
        _ path: String, into corpus: inout LoadedCorpus, firstOrigin: inout [String: String], progress: Progress?
    ) {
        let parser = JSONLineParser(
            idField: options.idField, textField: options.textField, timeField: options.timeField)
        var lines = LineBatcher(maximumLineBytes: options.maximumLineBytes)
        var lineNumber = 0
        var failure: IOError?
        // Gzip or not is decided by the first bytes, whatever the name says.
        var inflater: Inflater?
        var decided = false
        func flush(_ batch: [LineBatcher.Line], firstLine: Int) {
            let outcomes = fingerprintAll(count: batch.count) { fingerprinter, index in
                parseRecord(batch[index], line: firstLine + index, path: path, parser, &fingerprinter)
            }
            for outcome in outcomes where !outcome.isBlank {
                accept(outcome, into: &corpus, firstOrigin: &firstOrigin)
            }
            progress?(corpus.ids.count + corpus.skipped.count, nil, corpus.bytes)
        }
        do throws(IOError) {
            let reader = try ChunkReader(path: path)
            while let chunk = try reader.next() {
                if !decided {
                    decided = true
                    if Gzip.isGzip(chunk.prefix(2)) { inflater = try Inflater() }
                }
                if let inflater {
                    do {
                        try inflater.feed(chunk, limit: Int.max) { piece throws(IOError) in lines.append(piece) }
                    } catch {
                        throw IOError(error.code, path: path, error.message)
                    }
                } else {
                    lines.append(chunk)
                }
                if lines.pendingBytes >= 8 << 20 || lines.completeLines >= 8192 {
                    let batch = lines.takeComplete()
                    flush(batch, firstLine: lineNumber + 1)
                    lineNumber += batch.count
                }
            }
            if let inflater, !inflater.finished {
                throw IOError(.corruptGzip, path: path, "gzip data is truncated")
            }
        } catch {
            failure = error
        }
        let batch = lines.takeAll()
        flush(batch, firstLine: lineNumber + 1)
        lineNumber += batch.count
        if let failure {
            let origin = lineNumber > 0 ? "\(path):\(lineNumber + 1)" : path
            corpus.skipped.append(
                SkippedInput(origin: origin, id: nil, reason: .init(failure.code), message: failure.message))
        }
    }

    func parseRecord(
        _ entry: LineBatcher.Line, line number: Int, path: String, _ parser: JSONLineParser,
        _ fingerprinter: inout Fingerprinter
    ) -> Outcome {
        let source = DocumentSource.jsonLine(path: path, line: number)
        let line: ArraySlice<UInt8>
        switch entry {
        case .text(let text):
            line = text
        case .tooLong(let bytes):
            return Outcome(
                id: "", source: source, bytes: 0,
                result: .failure(
                    SkippedInput(
                        origin: source.origin, id: nil, reason: .tooLarge,
                        message: "line of \(bytes) bytes is over the limit of \(options.maximumLineBytes) bytes "
                            + "(3 × --max-bytes); it was not held in memory")))
        }
        if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
            var blank = Outcome(
                id: "", source: source, bytes: 0,
                result: .failure(
                    SkippedInput(origin: source.origin, id: nil, reason: .empty, message: "blank line")))
            blank.isBlank = true
            return blank
        }
        do {
            let record = try parser.parse(line)
            if record.text.count > options.maximumBytes {
                return Outcome(
                    id: record.id, source: source, bytes: 0,
                    result: .failure(
                        SkippedInput(
                            origin: source.origin, id: record.id, reason: .tooLarge,
                            message:
                                "text of \(record.text.count) bytes is over the limit of \(options.maximumBytes) bytes")
                    ))
            }
            return fingerprint(record.text, id: record.id, source: source, filedAt: record.filedAt, &fingerprinter)
        } catch {
            return Outcome(
                id: "", source: source, bytes: 0,
                result: .failure(
                    SkippedInput(
                        origin: source.origin, id: error.id, reason: .malformedJSON, message: error.description)))
        }
    }
}

struct OutcomeBuffer: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<CorpusLoader.Outcome>
}
