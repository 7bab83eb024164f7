#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads whole files with POSIX calls: one `open`, one `fstat`, as few `read`s as the size needs.
public enum FileReader {
    /// Opens a regular file for reading without ever blocking: `O_NONBLOCK` so that a FIFO or a device cannot
    /// hang the `open`, then `fstat` on the descriptor, so what is read is what was checked. Paths are escaped
    /// names (`FileName`).
    public static func openRegular(_ path: String) throws(IOError) -> (descriptor: Int32, status: stat) {
        let descriptor = FileName.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY)
        guard descriptor >= 0 else {
            let code: IOError.Code = errno == ENOENT ? .notFound : .unreadable
            throw IOError(code, path: path, "cannot open: \(errorText())")
        }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            let message = errorText()
            close(descriptor)
            throw IOError(.unreadable, path: path, "cannot stat: \(message)")
        }
        switch status.st_mode & S_IFMT {
        case S_IFREG:
            // O_NONBLOCK has no effect on regular files, so the descriptor is read as it is.
            return (descriptor, status)
        case S_IFDIR:
            close(descriptor)
            throw IOError(.unreadable, path: path, "is a directory")
        default:
            close(descriptor)
            throw IOError(.notAFile, path: path, "not a regular file (\(kind(status.st_mode))): not read")
        }
    }

    static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "a FIFO"
        case S_IFSOCK: "a socket"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        default: "a special file"
        }
    }

    /// The file's bytes, refusing files larger than `limit` before reading them.
    public static func read(_ path: String, limit: Int) throws(IOError) -> [UInt8] {
        let (descriptor, status) = try openRegular(path)
        defer { close(descriptor) }
        let size = Int(status.st_size)
        if size > limit {
            throw IOError(.tooLarge, path: path, "\(size) bytes is over the limit of \(limit) bytes")
        }
        // Read straight into an uninitialised buffer (a file can be gigabytes: zero-filling it first is a pass over
        // all of it). A file that grows while it is read is read until end of file, still within the limit.
        var outcome: Result<Int, IOError> = .success(0)
        var bytes = [UInt8](unsafeUninitializedCapacity: max(size, 0) + 1) { buffer, initialized in
            outcome = fill(UnsafeMutableRawBufferPointer(buffer), from: descriptor, path: path)
            initialized = (try? outcome.get()) ?? 0
        }
        var filled = try outcome.get()
        // End of file came before the byte past the size: the file did not grow.
        if filled <= max(size, 0) { return bytes }
        while filled == bytes.count {
            if filled > limit { throw IOError(.tooLarge, path: path, "more than \(limit) bytes") }
            bytes.append(contentsOf: repeatElement(0, count: max(bytes.count, 1 << 16)))
            filled += try bytes.withUnsafeMutableBytes {
                fill(UnsafeMutableRawBufferPointer(rebasing: $0[filled...]), from: descriptor, path: path)
            }.get()
        }
        if filled > limit { throw IOError(.tooLarge, path: path, "more than \(limit) bytes") }
        bytes.removeSubrange(filled...)
        return bytes
    }

    /// Reads into `buffer` until it is full or the file ends; the number of bytes read.
    static func fill(_ buffer: UnsafeMutableRawBufferPointer, from descriptor: Int32, path: String)
        -> Result<Int, IOError>
    {
        var filled = 0
        while filled < buffer.count {
            switch readSome(UnsafeMutableRawBufferPointer(rebasing: buffer[filled...]), from: descriptor, path: path) {
            case .success(0): return .success(filled)
            case .success(let count): filled += count
            case .failure(let error): return .failure(error)
            }
        }
        return .success(filled)
    }

    /// Reads into `buffer` from `offset` of the file (`pread`: threads may share the descriptor) until it is full or
    /// the file ends; the number of bytes read.
    public static func fill(
        _ buffer: UnsafeMutableRawBufferPointer, from descriptor: Int32, at offset: Int, path: String
    ) -> Result<Int, IOError> {
        var filled = 0
        while filled < buffer.count {
            let count = pread(descriptor, buffer.baseAddress! + filled, buffer.count - filled, off_t(offset + filled))
            if count < 0 && errno == EINTR { continue }
            if count < 0 { return .failure(IOError(.unreadable, path: path, "cannot read: \(errorText())")) }
            if count == 0 { break }
            filled += count
        }
        return .success(filled)
    }

    /// One `read` into `buffer` (again when a signal interrupts it): the number of bytes read, 0 at end of file.
    static func readSome(_ buffer: UnsafeMutableRawBufferPointer, from descriptor: Int32, path: String)
        -> Result<Int, IOError>
    {
        while true {
            let result = Glibc.read(descriptor, buffer.baseAddress!, buffer.count)
            if result >= 0 { return .success(result) }
            if errno != EINTR { return .failure(IOError(.unreadable, path: path, "cannot read: \(errorText())")) }
        }
    }
}

/// Reads a file or standard input in chunks (for JSON Lines of any size).
public final class ChunkReader {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    public let path: String

    /// Opens the regular file `path`, or standard input for `-` (which may be a pipe).
    public init(path: String) throws(IOError) {
        self.path = path
        if path == "-" {
            descriptor = 0
            ownsDescriptor = false
        } else {
            descriptor = try FileReader.openRegular(path).descriptor
            ownsDescriptor = true
        }
    }

    deinit { if ownsDescriptor { close(descriptor) } }

    /// The next chunk, or nil at end of input.
    public func next(size: Int = 1 << 20) throws(IOError) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: size)
        let count = try bytes.withUnsafeMutableBytes { FileReader.readSome($0, from: descriptor, path: path) }.get()
        if count == 0 { return nil }
        bytes.removeSubrange(count...)
        return bytes
    }
}
