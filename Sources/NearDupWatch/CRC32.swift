import CZlib

/// CRC-32 (zlib's) of a buffer of any size: zlib takes a 32-bit length, so a buffer over 4 GiB (the checkpoint of a
/// million-document index is about 6 GB) is fed in pieces.
enum CRC32 {
    static func checksum(_ bytes: UnsafeRawBufferPointer, pieceSize: Int = 1 << 30) -> UInt32 {
        update(0, with: bytes, pieceSize: pieceSize)
    }

    /// The checksum of what `crc` covered followed by `bytes` (so a stream is checksummed as it is written).
    static func update(_ crc: UInt32, with bytes: UnsafeRawBufferPointer, pieceSize: Int = 1 << 30) -> UInt32 {
        var crc = UInt(crc)
        var offset = 0
        while offset < bytes.count {
            let length = min(bytes.count - offset, pieceSize)
            crc = crc32(crc, bytes.baseAddress!.assumingMemoryBound(to: UInt8.self) + offset, UInt32(length))
            offset += length
        }
        return UInt32(crc)
    }

    /// The checksum of two pieces in a row from the checksums of each (`second` of `length` bytes), so that the
    /// pieces of a file can be checksummed on threads of their own.
    static func combine(_ first: UInt32, _ second: UInt32, length: Int) -> UInt32 {
        UInt32(crc32_combine(UInt(first), UInt(second), Int(length)))
    }
}
