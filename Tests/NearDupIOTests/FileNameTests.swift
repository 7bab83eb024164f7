import NearDupIO
import Testing

@Suite("File names as bytes")
struct FileNameTests {
    @Test func validNamesStayAsTheyAre() {
        for name in ["story.txt", "2024/ap-17.txt", "café — été.txt", #"a\b.txt"#, "tab\there"] {
            #expect(FileName.escape(Array(name.utf8)) == name)
            #expect(FileName.bytes(of: name) == Array(name.utf8))
        }
    }

    @Test func invalidBytesAreEscapedAndBackslashesThatWouldReadAsEscapesDoubled() {
        #expect(FileName.escape(Array("bad".utf8) + [0xFF]) == #"bad\xff"#)
        #expect(FileName.escape(Array(#"\x41"#.utf8)) == #"\\x41"#)
        #expect(FileName.escape([0x5C, 0xFE]) == #"\\\xfe"#)
        #expect(FileName.printable("two\nlines\t.txt") == #"two\nlines\t.txt"#)
    }

    /// Random names of bytes that are likely to be hard (backslashes, x, hex digits, high bytes): the escape maps
    /// back to the same bytes, so two different names never share an id.
    @Test func escapingIsReversibleAndDistinct() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        let alphabet: [UInt8] = [0x5C, 0x78, 0x41, 0x66, 0x30, 0x61, 0xC3, 0xA9, 0xFF, 0xE2, 0x80, 0x2E, 0x20, 0xF0]
        var seen: [String: [UInt8]] = [:]
        for _ in 0..<20_000 {
            let length = Int(next() % 8) + 1
            let name = (0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] }
            let escaped = FileName.escape(name)
            #expect(FileName.bytes(of: escaped) == name, "\(name) -> \(escaped)")
            if let earlier = seen[escaped] { #expect(earlier == name) }
            seen[escaped] = name
        }
    }
}
