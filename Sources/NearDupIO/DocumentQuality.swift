import NearDupCore

/// Decides from a fingerprint's byte statistics whether an input is text worth clustering.
public enum DocumentQuality {
    /// Why the document should be skipped, or nil if it is usable text.
    ///
    /// Binary: any NUL byte (binary formats and UTF-16 text both have them), more than 1 % C0 control bytes, or
    /// more than a quarter of the bytes in invalid UTF-8 sequences. Text in a legacy 8-bit encoding stays below that
    /// and is read lossily, with its invalid sequences counted. Empty: no words at all after normalisation.
    public static func problem(_ fingerprint: DocumentFingerprint) -> (SkippedInput.Reason, String)? {
        if fingerprint.byteCount == 0 { return (.empty, "file is empty") }
        if fingerprint.nulBytes > 0 {
            return (.binary, "binary data (\(fingerprint.nulBytes) NUL bytes; UTF-16 text must be converted to UTF-8)")
        }
        if fingerprint.controlBytes * 100 > fingerprint.byteCount + 200 {
            return (.binary, "binary data (\(fingerprint.controlBytes) control bytes)")
        }
        if fingerprint.invalidSequences * 4 > fingerprint.byteCount {
            return (.binary, "not text (\(fingerprint.invalidSequences) invalid UTF-8 sequences)")
        }
        if fingerprint.tokenCount == 0 { return (.empty, "no words after normalisation") }
        return nil
    }
}
