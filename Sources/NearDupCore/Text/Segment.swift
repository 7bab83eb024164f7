/// A paragraph, or a window of sentences cut from an over-long paragraph.
public struct Segment: Sendable, Equatable {
    public var byteStart: Int32
    public var byteEnd: Int32
    public var tokenStart: Int32
    public var tokenEnd: Int32

    public var tokenCount: Int { Int(tokenEnd - tokenStart) }
}
