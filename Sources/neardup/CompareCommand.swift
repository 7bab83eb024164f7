import ArgumentParser
import NearDupCore
import NearDupIO

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Explain the relation between two documents, with their matched paragraphs side by side.")

    @Argument(help: "The first document (a text file, optionally .gz).")
    var first: String

    @Argument(help: "The second document.")
    var second: String

    @OptionGroup var engine: EngineOptions

    @Option(help: "Skip documents larger than this many bytes (after decompression).")
    var maxBytes: Int = 10 << 20

    @Option(help: "Also write the side-by-side view as an HTML page.")
    var html: String?

    @Option(help: "Width of the side-by-side view.")
    var width: Int = 120

    func validate() throws {
        if width < 40 { throw ValidationError("--width must be at least 40") }
    }

    func run() throws {
        let configuration = engine.configuration
        var fingerprinter = Fingerprinter(configuration: configuration)
        let textA = try read(first)
        let textB = try read(second)
        let a = textA.withUnsafeBytes { fingerprinter.fingerprint($0) }
        let b = textB.withUnsafeBytes { fingerprinter.fingerprint($0) }
        for (path, fingerprint) in [(first, a), (second, b)] {
            if let (reason, message) = DocumentQuality.problem(fingerprint) {
                throw ValidationError("\(path): \(reason.rawValue): \(message)")
            }
        }
        let (evidence, separation) = Verifier(configuration: configuration).explain(a, b)
        print(SideBySide(width: width).explain(first, a, textA, second, b, textB, evidence, separation: separation))
        if let html {
            let page = HTMLReport.comparison(
                leftName: first, left: DocumentText(bytes: textA, configuration: configuration), rightName: second,
                right: DocumentText(bytes: textB, configuration: configuration), evidence: evidence)
            do {
                try AtomicFile.write(Array(page.utf8), to: html)
            } catch {
                System.printError("neardup: cannot write the HTML page: \(error)\n")
                throw ExitCode.failure
            }
        }
    }

    func read(_ path: String) throws -> [UInt8] {
        do {
            return try CorpusLoader.readText(FileName.fromArgument(path), limit: maxBytes)
        } catch {
            throw ValidationError(error.description)
        }
    }
}

/// Prints two documents' matched paragraphs in two columns.
struct SideBySide {
    let width: Int

    func explain(
        _ nameA: String, _ a: DocumentFingerprint, _ textA: [UInt8], _ nameB: String, _ b: DocumentFingerprint,
        _ textB: [UInt8], _ evidence: PairEvidence, separation: Verifier.Separation? = nil
    ) -> String {
        var out = ""
        out += "A: \(nameA)  (\(a.tokenCount) words, \(a.segmentCount) paragraphs)\n"
        out += "B: \(nameB)  (\(b.tokenCount) words, \(b.segmentCount) paragraphs)\n\n"
        out += "relation:        \(evidence.kind?.rawValue ?? "none (not duplicates)")\n"
        if let separation { out += "kept apart:      \(separation.rawValue)\n" }
        if let jaccard = evidence.jaccard { out += "jaccard:         \(SummaryPrinter.format(jaccard))\n" }
        if let forward = evidence.containment, let reverse = evidence.containmentReverse {
            out +=
                "containment:     A in B \(SummaryPrinter.format(forward)), B in A \(SummaryPrinter.format(reverse))\n"
        }
        if let distance = evidence.simhashDistance { out += "simhash distance: \(distance)\n" }
        out += "paragraph words: A in B \(SummaryPrinter.format(evidence.coverage)), "
        out += "B in A \(SummaryPrinter.format(evidence.coverageReverse))\n"
        if let agreement = evidence.factAgreement, let compared = evidence.comparedFacts {
            out += "figures, dates:  \(Int((agreement * Double(compared)).rounded())) of \(compared) agree\n"
        }
        if let lead = evidence.leadContainment {
            out += "flash in lead:   \(SummaryPrinter.format(lead)) of the headline-only document's words\n"
        }
        out += "matched paragraphs: \(evidence.matches.count)\n"
        let column = (width - 3) / 2
        for match in evidence.matches {
            let left = excerpt(a, textA, match.first)
            let right = excerpt(b, textB, match.second)
            out += "\n" + String(repeating: "─", count: width) + "\n"
            out +=
                pad("A ¶\(match.first)", column) + " │ " + "B ¶\(match.second)  (similarity "
                + SummaryPrinter.format(match.similarity) + ")\n"
            let leftLines = wrap(left, column)
            let rightLines = wrap(right, column)
            for row in 0..<max(leftLines.count, rightLines.count) {
                let l = row < leftLines.count ? leftLines[row] : ""
                let r = row < rightLines.count ? rightLines[row] : ""
                out += pad(l, column) + " │ " + r + "\n"
            }
        }
        let matchedA = Set(evidence.matches.map(\.first))
        let matchedB = Set(evidence.matches.map(\.second))
        let onlyA = a.paragraphs.map(\.ordinal).filter { !matchedA.contains($0) }
        let onlyB = b.paragraphs.map(\.ordinal).filter { !matchedB.contains($0) }
        out += "\nparagraphs only in A: " + (onlyA.isEmpty ? "none" : onlyA.map { "¶\($0)" }.joined(separator: " "))
        out += "\nparagraphs only in B: " + (onlyB.isEmpty ? "none" : onlyB.map { "¶\($0)" }.joined(separator: " "))
        out += "\n(short paragraphs under the evidence minimum are not listed)"
        return out
    }

    func excerpt(_ fingerprint: DocumentFingerprint, _ text: [UInt8], _ ordinal: Int32) -> String {
        guard let paragraph = fingerprint.paragraphs.first(where: { $0.ordinal == ordinal }) else { return "" }
        let start = max(0, min(Int(paragraph.byteStart), text.count))
        let end = max(start, min(Int(paragraph.byteEnd), text.count))
        return String(decoding: text[start..<end], as: UTF8.self).split(whereSeparator: \.isWhitespace)
            .joined(separator: " ")
    }

    func wrap(_ text: String, _ width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
            while line.count > width {
                lines.append(String(line.prefix(width)))
                line = String(line.dropFirst(width))
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.prefix(width)) : text + String(repeating: " ", count: width - text.count)
    }
}
