#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads whole files with POSIX calls: one `open`, one `fstat`, as few `read`s as the size needs.
public enum FileReader {
    /// The file's bytes, refusing files larger than `limit` before reading them.
    public static func read(_ path: String, limit: Int) throws(IOError) -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code: IOError.Code = errno == ENOENT ? .notFound : .unreadable
            throw IOError(code, path: path, "cannot open: \(errorText())")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw IOError(.unreadable, path: path, "cannot stat: \(errorText())")
        }
        if (status.st_mode & S_IFMT) == S_IFDIR { throw IOError(.unreadable, path: path, "is a directory") }
        let size = Int(status.st_size)
        if size > limit {
            throw IOError(.tooLarge, path: path, "\(size) bytes is over the limit of \(limit) bytes")
        }
        // Regular files report their size; pipes and special files report 0 and are read until end of file.
        var bytes = [UInt8](repeating: 0, count: max(size, 0) + 1)
        var filled = 0
        while true {
            if filled == bytes.count {
                if filled > limit {
                    throw IOError(.tooLarge, path: path, "more than \(limit) bytes")
                }
                bytes.append(contentsOf: repeatElement(0, count: max(bytes.count, 1 << 16)))
            }
            let result = bytes.withUnsafeMutableBytes {
                Glibc.read(descriptor, $0.baseAddress! + filled, $0.count - filled)
            }
            if result < 0 {
                if errno == EINTR { continue }
                throw IOError(.unreadable, path: path, "cannot read: \(errorText())")
            }
            if result == 0 { break }
            filled += result
        }
        if filled > limit { throw IOError(.tooLarge, path: path, "more than \(limit) bytes") }
        bytes.removeSubrange(filled...)
        return bytes
    }
}

/// Reads a file or standard input in chunks (for JSON Lines of any size).
public final class ChunkReader {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    public let path: String

    /// Opens `path`, or standard input for `-`.
    public init(path: String) throws(IOError) {
        self.path = path
        if path == "-" {
            descriptor = 0
            ownsDescriptor = false
        } else {
            descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                let code: IOError.Code = errno == ENOENT ? .notFound : .unreadable
                throw IOError(code, path: path, "cannot open: \(errorText())")
            }
            ownsDescriptor = true
            var status = stat()
            if fstat(descriptor, &status) == 0 && (status.st_mode & S_IFMT) == S_IFDIR {
                close(descriptor)
                throw IOError(.unreadable, path: path, "is a directory")
            }
        }
    }

    deinit { if ownsDescriptor { close(descriptor) } }

    /// The next chunk, or nil at end of input.
    public func next(size: Int = 1 << 20) throws(IOError) -> [UInt8]? {
        var bytes = [UInt8](repeating: 0, count: size)
        while true {
            let result = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress!, $0.count) }
            if result < 0 {
                if errno == EINTR { continue }
                throw IOError(.unreadable, path: path, "cannot read: \(errorText())")
            }
            if result == 0 { return nil }
            bytes.removeSubrange(result...)
            return bytes
        }
    }
}
