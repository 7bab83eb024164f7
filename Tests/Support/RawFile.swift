import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Files with names that are raw bytes, for the tests of names that are not UTF-8.
public enum RawFile {
    /// Creates a file whose name is raw bytes (not necessarily UTF-8) inside `folder`.
    public static func write(_ folder: String, name: [UInt8], _ text: String) throws {
        var path = Array(folder.utf8) + [0x2F] + name
        path.append(0)
        let descriptor = path.withUnsafeBufferPointer { pointer in
            pointer.baseAddress!.withMemoryRebound(to: CChar.self, capacity: pointer.count) {
                open($0, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            }
        }
        guard descriptor >= 0 else { throw POSIXError(.EIO) }
        defer { close(descriptor) }
        _ = Array(text.utf8).withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
    }
}
