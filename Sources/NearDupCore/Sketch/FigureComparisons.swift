/// The figures a text compares, as wire copy writes a figure beside the one it replaces: "forecast the wheat crop at
/// 16.70 mln tonnes, vs 17.30 mln tonnes last month", "Shr 46.5 cts vs 29.3 cts". Each comparison is the run of
/// figures before `vs` (or `versus`) and the run after it, hashed as runs of digits (`17.30` is the run `17 30`).
///
/// The next edition of a recurring report compares its new figures with the last edition's: the figure one edition
/// reports is the figure the next compares against. A copy, a correction or a shortened version keeps the
/// comparisons it carries (`Verifier.nextEdition`).
public enum FigureComparisons {
    /// At most this many comparisons are kept, the first in the text: a monthly estimate makes four to ten.
    public static let maximumCount = 32
    /// A figure is compared when `vs` follows its run within this many words ("16.70 mln tonnes, vs": two unit
    /// words between), with the figure right after `vs`. A word after `vs` is read as the next line's label: "Oper
    /// net 8,664,000 vs" above "Revs 287.8 mln vs 251" in a copy that lost a figure compares nothing. So "vs loss 5
    /// cts", "vs profit ..." and "vs nil" compare nothing either.
    static let maximumGapBefore = 3
    static let vs = XXHash64.hash("vs")
    static let versus = XXHash64.hash("versus")

    /// The comparisons of `tokens` in text order, each the current figure's 32-bit run hash in the high half and the
    /// compared figure's in the low half.
    static func of(_ tokens: [UInt64], isNumber: [Bool]) -> [UInt64] {
        var comparisons: [UInt64] = []
        var index = 0
        // The last run of figures before `index`: its hash and the index after it.
        var lastRun: (hash: UInt32, end: Int)? = nil
        var pending: (current: UInt32, at: Int)? = nil
        let (vs, versus) = (Self.vs, Self.versus)
        while index < tokens.count && comparisons.count < maximumCount {
            if isNumber[index] {
                let start = index
                var run: UInt64 = 0x4649_4755_5245_5331
                while index < tokens.count && isNumber[index] {
                    run = StableMix.combine(run, tokens[index])
                    index += 1
                }
                let hash = UInt32(truncatingIfNeeded: StableMix.finalize(run ^ UInt64(index - start)))
                if let compared = pending, start == compared.at + 1 {
                    comparisons.append(UInt64(compared.current) << 32 | UInt64(hash))
                    // A compared figure is no current one: in "Sales 82.9 mln vs 73.7 mln / Avg shrs vs 4,484,000",
                    // a copy that lost the line's first figure does not compare 73.7 with 4,484,000.
                    lastRun = nil
                } else {
                    lastRun = (hash, index)
                }
                pending = nil
                continue
            }
            if tokens[index] == vs || tokens[index] == versus {
                pending = nil
                if let run = lastRun, index - run.end <= maximumGapBefore { pending = (run.hash, index) }
            }
            index += 1
        }
        return comparisons
    }

    @inline(__always)
    static func current(_ comparison: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: comparison >> 32) }

    @inline(__always)
    static func compared(_ comparison: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: comparison) }
}
