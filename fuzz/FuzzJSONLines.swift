import NearDupIO

/// One JSON Lines record: the parser must return a record or a failure, never trap, and a record's id must be
/// non-empty.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSONLines(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let record = try? JSONLineParser().parse(bytes[...]) { precondition(!record.id.isEmpty) }
    return 0
}
