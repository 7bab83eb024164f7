/// A live index's fingerprints: its `FingerprintStore`, and those of the documents the batch being applied inserts,
/// which the batch reads many times (band keys, statistics, verification) and a store elsewhere would read back.
struct IndexFingerprints: Sendable {
    var store: any FingerprintStore
    /// Fingerprints inserted by the batch being applied, by slot; empty between batches.
    var batch: [Int32: DocumentFingerprint] = [:]

    subscript(_ slot: Int) -> DocumentFingerprint {
        // Empty unless the store reads from elsewhere: no hashing for a store in memory.
        if !batch.isEmpty, let fingerprint = batch[Int32(slot)] { return fingerprint }
        return store[slot]
    }

    func paragraph(_ paragraph: Int, of slot: Int) -> (hash: UInt64, isHeadline: Bool) {
        guard !batch.isEmpty, let fingerprint = batch[Int32(slot)] else { return store.paragraph(paragraph, of: slot) }
        return fingerprint.bucketKey(ofParagraph: paragraph)
    }
}
