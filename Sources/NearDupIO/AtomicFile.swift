#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files so that a reader sees either the old content or the new content, never a mix or a prefix.
public enum AtomicFile {
    /// Writes `bytes` to a hidden temporary file beside `path`, flushes it to disk, renames it over `path`, and
    /// flushes the folder so the rename itself survives a crash.
    public static func write(_ bytes: [UInt8], to path: String) throws(IOError) {
        try write(to: path) { append throws(IOError) in try append(bytes) }
    }

    /// As `write(_:to:)`, with the content produced in pieces: `produce` calls `append` as often as it likes.
    public static func write(
        to path: String, _ produce: (_ append: ([UInt8]) throws(IOError) -> Void) throws(IOError) -> Void
    ) throws(IOError) {
        try write(
            to: path,
            streaming: { output throws(IOError) in
                try produce { bytes throws(IOError) in try output.append(bytes) }
            })
    }

    /// The temporary file `write(to:streaming:)` fills.
    public struct Output: Sendable {
        let descriptor: Int32
        let path: String

        /// Appends bytes at the end.
        public func append(_ bytes: [UInt8]) throws(IOError) { try write(bytes, at: nil) }

        /// Replaces bytes appended earlier (a header field known only at the end).
        public func overwrite(_ bytes: [UInt8], at offset: Int) throws(IOError) {
            var status = stat()
            precondition(
                fstat(descriptor, &status) == 0 && offset >= 0 && offset + bytes.count <= Int(status.st_size),
                "overwriting bytes that were not appended")
            try write(bytes, at: offset)
        }

        /// Writes all of `bytes` at the end (`offset` nil) or at `offset`, again after a short or interrupted write.
        private func write(_ bytes: [UInt8], at offset: Int?) throws(IOError) {
            var problem: IOError?
            bytes.withUnsafeBytes { raw in
                var written = 0
                while written < raw.count {
                    let start = raw.baseAddress! + written
                    let result =
                        offset.map { pwrite(descriptor, start, raw.count - written, off_t($0 + written)) }
                        ?? Glibc.write(descriptor, start, raw.count - written)
                    if result < 0 {
                        if errno == EINTR { continue }
                        problem = IOError(.unwritable, path: path, "cannot write: \(errorText())")
                        return
                    }
                    written += result
                }
            }
            if let problem { throw problem }
        }
    }

    /// As `write(_:to:)`, with the content written to `Output` as `produce` likes: appended in pieces, and bytes
    /// written earlier replaced.
    public static func write(to path: String, streaming produce: (Output) throws(IOError) -> Void) throws(IOError) {
        let folder = parentFolder(of: path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let temporary = folder + "/." + name + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw IOError(.unwritable, path: path, "cannot create: \(errorText())") }
        var failure: IOError?
        do {
            try produce(Output(descriptor: descriptor, path: path))
        } catch {
            failure = error
        }
        if failure == nil && fsync(descriptor) != 0 {
            failure = IOError(.unwritable, path: path, "cannot flush: \(errorText())")
        }
        close(descriptor)
        if let failure {
            unlink(temporary)
            throw failure
        }
        guard rename(temporary, path) == 0 else {
            let error = IOError(.unwritable, path: path, "cannot rename into place: \(errorText())")
            unlink(temporary)
            throw error
        }
        syncFolder(of: path)
    }

    /// Gives the file at `existing` a second name, `path`, replacing what is there atomically: readers of `path`
    /// see the old file or this one. A file system without hard links gets a copy written the same way.
    public static func link(_ existing: String, to path: String) throws(IOError) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let temporary = parentFolder(of: path) + "/." + name + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard Glibc.link(existing, temporary) == 0 else {
            try write(try FileReader.read(existing, limit: Int.max), to: path)
            return
        }
        let renamed = rename(temporary, path) == 0
        let error = renamed ? nil : IOError(.unwritable, path: path, "cannot rename into place: \(errorText())")
        // Gone after a rename, but left when both names were already the same file (rename then does nothing).
        unlink(temporary)
        if let error { throw error }
        syncFolder(of: path)
    }

    private static func syncFolder(of path: String) {
        let folderDescriptor = open(parentFolder(of: path), O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            _ = fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    static func parentFolder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        let parent = String(path[..<slash])
        return parent.isEmpty ? "/" : parent
    }
}

/// The text of the current `errno`.
func errorText() -> String { String(cString: strerror(errno)) }
