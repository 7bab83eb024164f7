import NearDupIO

/// Arbitrary bytes as gzip, fed in two pieces: output stays within the limit, errors are `IOError`s.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzGzip(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let limit = 1 << 20
    guard let inflater = try? Inflater() else { return 0 }
    var produced = 0
    let split = size / 2
    do {
        for piece in [Array(bytes[..<split]), Array(bytes[split...])] {
            try inflater.feed(piece, limit: limit) { chunk throws(IOError) in produced += chunk.count }
        }
    } catch {
        return 0
    }
    precondition(produced <= limit)
    return 0
}
