import Testing

@testable import NearDupCore

@Suite("Stable hashing")
struct HashTests {
    /// Reference vectors of XXH64 (seed 0 and one other seed) from the xxHash reference implementation.
    @Test(arguments: [
        ("", UInt64(0), UInt64(0xEF46_DB37_51D8_E999)),
        ("a", 0, 0xD24E_C4F1_A98C_6E5B),
        ("abc", 0, 0x44BC_2CF5_AD77_0999),
        ("0123456789012345678901234567890123456789", 0, 0xCA6F_C80C_BDE1_A931),
        ("Manaf Tlas", 0, 0xA66E_1355_B4CA_9355),
        ("", 0x9E37_79B9_7F4A_7C15, 0xC434_9FC9_3C01_0000),
        ("abc", 0x9E37_79B9_7F4A_7C15, 0x2ED0_F59D_6B43_AC8B),
        ("0123456789012345678901234567890123456789", 0x9E37_79B9_7F4A_7C15, 0xCED1_A140_7EAA_01BB),
    ])
    func xxhash64MatchesReference(input: String, seed: UInt64, expected: UInt64) {
        #expect(XXHash64.hash(input, seed: seed) == expected)
    }

    @Test func xxhash64OfLongBinaryInput() {
        let bytes = (0..<100).map { UInt8($0) }
        #expect(XXHash64.hash(bytes) == 0x6AC1_E580_3216_6597)
    }

    /// Shingle hashes are part of what is stored and compared across runs: pin them.
    @Test func shingleHashesArePinned() {
        var shingles: [UInt64] = []
        Fingerprinter.shingle(wordHashes("the regime is unsustainable")[...], size: 4, into: &shingles)
        #expect(shingles.count == 1)
        func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { r == 0 ? x : (x << r) | (x >> (64 - r)) }
        let words = ["the", "regime", "is", "unsustainable"].map { XXHash64.hash($0) }
        let combined =
            Fingerprinter.shingleSeed ^ 4 ^ words[0] ^ rotl(words[1], 23) ^ rotl(words[2], 46)
            ^ rotl(words[3], 5)
        #expect(shingles[0] == StableMix.finalize(combined))
        // Pinned: computed independently from the documented formula (XXH64 words, rotations, SplitMix64).
        #expect(shingles[0] == 0xDA77_DC89_39A4_89DB)
        #expect(StableMix.finalize(0) == 0xE220_A839_7B1D_CDAF)
        #expect(StableMix.finalize(1) == 0x910A_2DEC_8902_5CC1)
    }

    @Test func shinglesOfShortRunsCoverTheWholeRun() {
        var shingles: [UInt64] = []
        Fingerprinter.shingle(wordHashes("two words")[...], size: 5, into: &shingles)
        #expect(shingles.count == 1)
        Fingerprinter.shingle(wordHashes("a b c d e f")[...], size: 5, into: &shingles)
        #expect(shingles.count == 2)
    }
}
