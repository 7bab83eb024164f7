/// An I/O failure with a stable code, the path involved and a message fit for a person.
public struct IOError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: String, Sendable {
        case notFound = "not-found"
        case unreadable
        case unwritable
        case tooLarge = "too-large"
        case corruptGzip = "corrupt-gzip"
        case compressionFailed = "compression-failed"
        /// A state file whose committed records are damaged (not merely an unfinished tail).
        case damaged = "damaged-state"
        /// A FIFO, socket or device where a file was expected.
        case notAFile = "not-a-file"
    }

    public var code: Code
    public var path: String
    public var message: String

    public init(_ code: Code, path: String, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { path.isEmpty ? message : "\(path): \(message)" }
}
