/// How the normaliser treats one Unicode scalar after folding.
@usableFromInline
enum CharacterClass: UInt8 {
    /// Part of a word: letters and digits of any script.
    case word
    /// A word of its own: ideographs and the syllables of scripts written without spaces.
    case standalone
    /// An apostrophe or single quote: joins clitics (`Assad 's`, `do n't`) and is otherwise punctuation.
    case apostrophe
    /// A hyphen-like mark: separates words; around `LRB` and friends it marks a Penn-Treebank bracket token.
    case hyphen
    /// Ends a sentence (`.`, `!`, `?` and their full-width forms).
    case sentenceEnd
    case space
    case newline
    /// Invisible marks that must not split a word (soft hyphen, zero-width joiners, combining accents).
    case ignorable
    /// Any other punctuation or symbol.
    case separator
}

/// Unicode folding tables for the normaliser: case folding, Latin diacritic folding and the compatibility
/// mappings that matter for news text (ligatures, full-width forms, typographic quotes, dashes and spaces).
@usableFromInline
enum CharacterFolding {
    /// Base letters for U+0100–U+017F (Latin Extended-A), lower-cased; `#` marks the two-letter ligatures.
    @usableFromInline
    static let latinExtendedA: [UInt8] = Array(
        ("aaaaaaccccccccdd" + "ddeeeeeeeeeegggg" + "gggghhhhiiiiiiii" + "ii##jjkkklllllll"
            + "lllnnnnnnnnnoooo" + "oo##rrrrrrssssss" + "ssttttttuuuuuuuu" + "uuuuwwyyyzzzzzzs").utf8)

    /// Base letters for U+00C0–U+00FF (Latin-1 letters), lower-cased; `#` marks ×, ÷ and letters written as two.
    @usableFromInline
    static let latin1: [UInt8] = Array(
        ("aaaaaa#ceeeeiiii" + "dnooooo#ouuuuy##" + "aaaaaa#ceeeeiiii" + "dnooooo#ouuuuy#y").utf8)

    /// Classifies `scalar` and writes its folded UTF-8 form into `output` for word characters.
    /// Returns the class and the number of bytes written (0–3).
    @inlinable @inline(__always)
    static func fold(_ scalar: UInt32, into output: inout (UInt8, UInt8, UInt8, UInt8)) -> (CharacterClass, Int) {
        if scalar < 0x80 {
            return foldASCII(UInt8(truncatingIfNeeded: scalar), into: &output)
        }
        return foldNonASCII(scalar, into: &output)
    }

    @inlinable @inline(__always)
    static func foldASCII(_ byte: UInt8, into output: inout (UInt8, UInt8, UInt8, UInt8)) -> (CharacterClass, Int) {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            output.0 = byte
            return (.word, 1)
        case UInt8(ascii: "A")...UInt8(ascii: "Z"):
            output.0 = byte | 0x20
            return (.word, 1)
        case UInt8(ascii: " "), UInt8(ascii: "\t"), 0x0B, 0x0C:
            return (.space, 0)
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
            return (.newline, 0)
        case UInt8(ascii: "'"), UInt8(ascii: "`"):
            return (.apostrophe, 0)
        case UInt8(ascii: "-"):
            return (.hyphen, 0)
        case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"):
            return (.sentenceEnd, 0)
        default:
            return (.separator, 0)
        }
    }

    @usableFromInline
    static func foldNonASCII(_ scalar: UInt32, into output: inout (UInt8, UInt8, UInt8, UInt8)) -> (CharacterClass, Int)
    {
        switch scalar {
        case 0xC0...0xFF:
            let base = latin1[Int(scalar - 0xC0)]
            if base != UInt8(ascii: "#") {
                output.0 = base
                return (.word, 1)
            }
            switch scalar {
            case 0xC6, 0xE6: return two("a", "e", &output)
            case 0xDE, 0xFE: return two("t", "h", &output)
            case 0xDF: return two("s", "s", &output)
            default: return (.separator, 0)  // × and ÷
            }
        case 0x100...0x17F:
            let base = latinExtendedA[Int(scalar - 0x100)]
            if base != UInt8(ascii: "#") {
                output.0 = base
                return (.word, 1)
            }
            return scalar < 0x140 ? two("i", "j", &output) : two("o", "e", &output)
        case 0xAA: output.0 = UInt8(ascii: "a"); return (.word, 1)
        case 0xBA: output.0 = UInt8(ascii: "o"); return (.word, 1)
        case 0xB2: output.0 = UInt8(ascii: "2"); return (.word, 1)
        case 0xB3: output.0 = UInt8(ascii: "3"); return (.word, 1)
        case 0xB9: output.0 = UInt8(ascii: "1"); return (.word, 1)
        case 0xB5: return encode(0x3BC, &output)  // micro sign → Greek mu (NFKC)
        case 0xA0, 0x1680, 0x2000...0x200A, 0x202F, 0x205F, 0x3000:
            return (.space, 0)
        case 0x85, 0x2028, 0x2029:
            return (.newline, 0)
        case 0xAD, 0x200B...0x200F, 0x202A...0x202E, 0x2060...0x206F, 0xFEFF, 0x300...0x36F, 0x1AB0...0x1AFF,
            0x20D0...0x20FF, 0xFE20...0xFE2F:
            return (.ignorable, 0)
        case 0x2018, 0x2019, 0x201B, 0x2032, 0x02BC, 0xFF07:
            return (.apostrophe, 0)
        case 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63, 0xFF0D:
            return (.hyphen, 0)
        case 0x2026, 0x3002, 0xFF01, 0xFF0E, 0xFF1F, 0xFF61:
            return (.sentenceEnd, 0)
        case 0xFB00: return two("f", "f", &output)
        case 0xFB01: return two("f", "i", &output)
        case 0xFB02: return two("f", "l", &output)
        case 0xFB03: return three("f", "f", "i", &output)
        case 0xFB04: return three("f", "f", "l", &output)
        case 0xFB05, 0xFB06: return two("s", "t", &output)
        case 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
            // Full-width digits and Latin letters fold to ASCII.
            return foldASCII(UInt8(truncatingIfNeeded: scalar - 0xFF00 + 0x20), into: &output)
        case 0x391...0x3A9 where scalar != 0x3A2:
            return encode(scalar + 0x20, &output)
        case 0x3C2:
            return encode(0x3C3, &output)  // final sigma folds to sigma
        case 0x400...0x40F:
            return encode(scalar + 0x50, &output)
        case 0x410...0x42F:
            return encode(scalar + 0x20, &output)
        case 0x1E00...0x1EFF:
            // Latin Extended Additional (Vietnamese and others) alternates upper/lower case.
            return encode(scalar | 1, &output)
        case 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x2FFFF,
            0x0E00...0x0EFF, 0x1000...0x109F, 0x1780...0x17FF:
            // Scripts written without spaces between words: each character is a token, so that shingles of
            // neighbouring characters still capture local order.
            return encodeStandalone(scalar, &output)
        case 0x80...0xBF, 0x2016...0x206F, 0x20A0...0x20CF, 0x2100...0x2BFF, 0x2E00...0x2E7F, 0x3001...0x303F,
            0xFE10...0xFE6F, 0xFF00...0xFF0F, 0xFF1A...0xFF20, 0xFF3B...0xFF40, 0xFF5B...0xFF65, 0xFFF0...0xFFFF,
            0x1F000...0x1FAFF, 0xE000...0xF8FF:
            return (.separator, 0)
        default:
            return encode(scalar, &output)
        }
    }

    @inlinable @inline(__always)
    static func two(_ a: Unicode.Scalar, _ b: Unicode.Scalar, _ output: inout (UInt8, UInt8, UInt8, UInt8))
        -> (CharacterClass, Int)
    {
        output.0 = UInt8(a.value)
        output.1 = UInt8(b.value)
        return (.word, 2)
    }

    @inlinable @inline(__always)
    static func three(
        _ a: Unicode.Scalar, _ b: Unicode.Scalar, _ c: Unicode.Scalar, _ output: inout (UInt8, UInt8, UInt8, UInt8)
    ) -> (CharacterClass, Int) {
        output.0 = UInt8(a.value)
        output.1 = UInt8(b.value)
        output.2 = UInt8(c.value)
        return (.word, 3)
    }

    @usableFromInline
    static func encodeStandalone(_ scalar: UInt32, _ output: inout (UInt8, UInt8, UInt8, UInt8))
        -> (CharacterClass, Int)
    {
        let (_, count) = encode(scalar, &output)
        return (.standalone, count)
    }

    /// Writes `scalar` as UTF-8 (up to four bytes) and classifies it as a word character.
    @usableFromInline
    static func encode(_ scalar: UInt32, _ output: inout (UInt8, UInt8, UInt8, UInt8)) -> (CharacterClass, Int) {
        switch scalar {
        case 0..<0x800:
            output.0 = UInt8(0xC0 | (scalar >> 6))
            output.1 = UInt8(0x80 | (scalar & 0x3F))
            return (.word, 2)
        case 0x800..<0x10000:
            output.0 = UInt8(0xE0 | (scalar >> 12))
            output.1 = UInt8(0x80 | ((scalar >> 6) & 0x3F))
            output.2 = UInt8(0x80 | (scalar & 0x3F))
            return (.word, 3)
        default:
            output.0 = UInt8(0xF0 | (scalar >> 18))
            output.1 = UInt8(0x80 | ((scalar >> 12) & 0x3F))
            output.2 = UInt8(0x80 | ((scalar >> 6) & 0x3F))
            output.3 = UInt8(0x80 | (scalar & 0x3F))
            return (.word, 4)
        }
    }
}
