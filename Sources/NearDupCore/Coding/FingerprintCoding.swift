/// Binary form of `DocumentFingerprint` for the state log and the index checkpoint (version 8; version 7, without
/// the figure comparisons, version 6, without the first line's template and facts, version 5, without the segments'
/// date masks, version 4, without headline names and symbols, version 3, without filing times, version 2, without
/// subject words, and version 1, without template hashes and facts, are still read).
public enum FingerprintCoding {
    public static func encode(_ fingerprint: DocumentFingerprint, into writer: inout ByteWriter) {
        writer.write(UInt8(8))
        writer.write(Int64(fingerprint.byteCount))
        writer.write(Int64(fingerprint.tokenCount))
        writer.write(Int64(fingerprint.shingleCount))
        writer.write(fingerprint.contentHash)
        writer.write(fingerprint.minHash)
        writer.write(fingerprint.simHash)
        writer.write(UInt32(fingerprint.paragraphs.count))
        for paragraph in fingerprint.paragraphs {
            writer.write(paragraph.ordinal)
            writer.write(paragraph.byteStart)
            writer.write(paragraph.byteEnd)
            writer.write(paragraph.tokenCount)
            writer.write(paragraph.shingleCount)
            writer.write(paragraph.contentHash)
        }
        writer.write(UInt32(fingerprint.segments.count))
        for segment in fingerprint.segments {
            writer.write(segment.contentHash)
            writer.write(segment.tokenCount)
            writer.write(segment.templateHash)
            writer.write(segment.factEnd)
            writer.write(segment.subject)
        }
        writer.write(fingerprint.facts)
        writer.write(fingerprint.leadWords)
        writer.write(fingerprint.paragraphMinHashes)
        writer.write(Int64(fingerprint.invalidSequences))
        writer.write(Int64(fingerprint.nulBytes))
        writer.write(Int64(fingerprint.controlBytes))
        writer.write(fingerprint.filedAt != nil)
        if let filedAt = fingerprint.filedAt { writer.write(filedAt) }
        writer.write(fingerprint.names)
        writer.write(fingerprint.ticker)
        writer.write(UInt32(fingerprint.segments.count))
        for segment in fingerprint.segments { writer.write(segment.dates) }
        writer.write(fingerprint.firstLineTemplate)
        writer.write(fingerprint.firstLineFacts)
        writer.write(fingerprint.comparisons)
    }

    public static func decode(from reader: inout ByteReader) throws(ByteReader.Truncated) -> DocumentFingerprint {
        let version = try reader.read(UInt8.self)
        guard (1...8).contains(version) else { throw ByteReader.Truncated() }
        let byteCount = Int(try reader.read(Int64.self))
        let tokenCount = Int(try reader.read(Int64.self))
        let shingleCount = Int(try reader.read(Int64.self))
        let contentHash = try reader.read(UInt64.self)
        let minHash: [UInt32] = try reader.readArray()
        let simHash = try reader.read(UInt64.self)
        var paragraphs: [ParagraphFingerprint] = []
        let paragraphCount = Int(try reader.read(UInt32.self))
        paragraphs.reserveCapacity(paragraphCount)
        for _ in 0..<paragraphCount {
            paragraphs.append(
                ParagraphFingerprint(
                    ordinal: try reader.read(), byteStart: try reader.read(), byteEnd: try reader.read(),
                    tokenCount: try reader.read(), shingleCount: try reader.read(), contentHash: try reader.read()))
        }
        var segments: [SegmentDigest] = []
        let segmentCount = Int(try reader.read(UInt32.self))
        segments.reserveCapacity(segmentCount)
        for _ in 0..<segmentCount {
            let contentHash: UInt64 = try reader.read()
            let tokenCount: Int32 = try reader.read()
            if version == 1 {
                segments.append(SegmentDigest(contentHash: contentHash, tokenCount: tokenCount))
            } else {
                segments.append(
                    SegmentDigest(
                        contentHash: contentHash, tokenCount: tokenCount, templateHash: try reader.read(),
                        factEnd: try reader.read(), subject: version >= 3 ? try reader.read() : 0))
            }
        }
        let facts: [UInt32] = version == 1 ? [] : try reader.readArray()
        // Each segment's facts end where the next one's begin: a damaged record must not index past them later.
        var factEnd: Int32 = 0
        for segment in segments {
            guard segment.factEnd >= factEnd else { throw ByteReader.Truncated() }
            factEnd = segment.factEnd
        }
        guard Int(factEnd) <= facts.count else { throw ByteReader.Truncated() }
        let leadWords: [UInt32] = version == 1 ? [] : try reader.readArray()
        let paragraphMinHashes: [UInt32] = try reader.readArray()
        let invalidSequences = Int(try reader.read(Int64.self))
        let nulBytes = Int(try reader.read(Int64.self))
        let controlBytes = Int(try reader.read(Int64.self))
        var filedAt: Int64?
        if version >= 4, try reader.readBool() { filedAt = try reader.read(Int64.self) }
        let names: [UInt32] = version >= 5 ? try reader.readArray() : []
        let ticker: UInt32 = version >= 5 ? try reader.read() : 0
        if version >= 6 {
            let dates: [UInt32] = try reader.readArray()
            guard dates.count == segments.count else { throw ByteReader.Truncated() }
            for (index, mask) in dates.enumerated() { segments[index].dates = mask }
        }
        let firstLineTemplate: UInt64 = version >= 7 ? try reader.read() : 0
        let firstLineFacts: [UInt32] = version >= 7 ? try reader.readArray() : []
        // A first line is of headline length and has facts exactly when it has a template.
        guard firstLineFacts.count <= Int(Verifier.maximumFlashTokens),
            (firstLineTemplate == 0) == firstLineFacts.isEmpty
        else { throw ByteReader.Truncated() }
        let comparisons: [UInt64] = version >= 8 ? try reader.readArray() : []
        guard comparisons.count <= FigureComparisons.maximumCount else { throw ByteReader.Truncated() }
        return DocumentFingerprint(
            byteCount: byteCount, tokenCount: tokenCount, shingleCount: shingleCount, contentHash: contentHash,
            minHash: minHash, simHash: simHash, paragraphs: paragraphs, segments: segments,
            facts: facts, leadWords: leadWords, names: names, ticker: ticker, firstLineTemplate: firstLineTemplate,
            firstLineFacts: firstLineFacts, comparisons: comparisons, paragraphMinHashes: paragraphMinHashes,
            invalidSequences: invalidSequences, nulBytes: nulBytes, controlBytes: controlBytes, filedAt: filedAt)
    }
}
