import NearDupCore

/// Arbitrary bytes as a document: tokenising, segmenting and fingerprinting never trap, and every paragraph's byte
/// range lies inside the input.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTokenizer(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    var fingerprinter = Fingerprinter(configuration: Configuration())
    let fingerprint = fingerprinter.fingerprint(UnsafeRawBufferPointer(start: data, count: size))
    for paragraph in fingerprint.paragraphs {
        precondition(paragraph.byteStart <= paragraph.byteEnd && Int(paragraph.byteEnd) <= size)
    }
    return 0
}
