/// A document's text with its segments, for showing passages (the report keeps only byte ranges).
public struct DocumentText: Sendable {
    public var bytes: [UInt8]
    /// Byte ranges of every segment, in order (segment ordinals index this array).
    public var segments: [Range<Int>]

    /// Segments the text with the same parameters the report was made with, so ordinals line up.
    public init(bytes: [UInt8], configuration: Configuration) {
        self.bytes = bytes
        var fingerprinter = Fingerprinter(configuration: configuration)
        _ = bytes.withUnsafeBytes { fingerprinter.fingerprint($0) }
        segments = fingerprinter.lastSegments.map {
            max(0, min(Int($0.byteStart), bytes.count))..<max(0, min(Int($0.byteEnd), bytes.count))
        }
    }

    /// Segment `ordinal` as display text: white space collapsed.
    public func segment(_ ordinal: Int) -> String {
        guard segments.indices.contains(ordinal) else { return "" }
        return String(decoding: bytes[segments[ordinal]], as: UTF8.self).split(whereSeparator: \.isWhitespace)
            .joined(separator: " ")
    }
}
