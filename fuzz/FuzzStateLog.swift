import NearDupWatch

/// Arbitrary bytes as a state log: the scan never traps, and what it keeps and what it calls lost or torn never
/// overlap and stay inside the file.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStateLog(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let scan = StateLogScan(bytes: UnsafeRawBufferPointer(start: data, count: size))
    precondition(scan.committedEnd <= size)
    for range in scan.damagedRanges { precondition(range.offset >= 0 && range.offset + range.length <= size) }
    if let torn = scan.tornTail { precondition(torn.offset >= scan.committedEnd && torn.offset + torn.length == size) }
    _ = scan.account(path: "state.log")
    return 0
}
