/// One field of NearDup's tab-separated files (`--format tsv`, labels, judged pairs).
///
/// A tab, newline or carriage return inside an id would split a line or add a field, so they are written as `\t`,
/// `\n` and `\r`, and a backslash as `\\`. Reading undoes exactly these four escapes; any other backslash is
/// taken as it is, so hand-written files with plain backslashes read as they look.
public enum TSVField {
    public static func escape(_ field: String) -> String {
        guard field.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
            return field
        }
        var output: [UInt8] = []
        for byte in field.utf8 {
            switch byte {
            case 0x5C: output += [0x5C, 0x5C]
            case 0x09: output += [0x5C, 0x74]
            case 0x0A: output += [0x5C, 0x6E]
            case 0x0D: output += [0x5C, 0x72]
            default: output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }

    public static func unescape<S: StringProtocol>(_ field: S) -> String {
        guard field.utf8.contains(0x5C) else { return String(field) }
        let bytes = Array(field.utf8)
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0x5C, index + 1 < bytes.count {
                let replacement: UInt8? =
                    switch bytes[index + 1] {
                    case 0x5C: 0x5C
                    case 0x74: 0x09
                    case 0x6E: 0x0A
                    case 0x72: 0x0D
                    default: nil
                    }
                if let replacement {
                    output.append(replacement)
                    index += 2
                    continue
                }
            }
            output.append(bytes[index])
            index += 1
        }
        return String(decoding: output, as: UTF8.self)
    }
}
