/// An input that did not become a document, and why.
public struct SkippedInput: Sendable, Codable, Equatable {
    public enum Reason: String, Sendable, Codable, CaseIterable {
        case notFound = "not-found"
        case unreadable
        case empty
        case binary
        case tooLarge = "too-large"
        case corruptGzip = "corrupt-gzip"
        case malformedJSON = "malformed-json"
        case duplicateID = "duplicate-id"
        /// A FIFO, socket or device: never opened for reading, so it cannot block.
        case notAFile = "not-a-file"
        /// Ingested once, but its record was in a damaged part of the state log that a salvage set aside.
        case lost
    }

    /// File path, `path:line` for a JSON Lines record, or `-:line` for standard input.
    public var origin: String
    /// The document id, when it was known.
    public var id: String?
    public var reason: Reason
    public var message: String

    public init(origin: String, id: String?, reason: Reason, message: String) {
        self.origin = origin
        self.id = id
        self.reason = reason
        self.message = message
    }
}

extension SkippedInput: Error {}
