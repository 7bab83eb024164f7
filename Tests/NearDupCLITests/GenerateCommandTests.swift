import Foundation
import NearDupTestSupport
import Testing

@Suite("neardup generate")
struct GenerateCommandTests {
    /// A base of made-up words: a headline and five paragraphs of twenty-five words, enough to be a story.
    static func article(_ index: Int) -> String {
        let paragraphs = (0..<5).map { paragraph in
            (0..<25).map { word in "w\(index)x\(paragraph)x\(word)" }.joined(separator: " ") + "."
        }
        return (["STORY NUMBER \(index) HEADLINE"] + paragraphs).joined(separator: "\n\n") + "\n"
    }

    @Test func aHeadlineAloneAmongTheBasesIsWrittenButNotLabelled() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        for index in 0..<12 { try folder.write("bases/\(index).txt", Self.article(index)) }
        let flash = "ACME CORP SAYS IT WILL BUY ZETA INDUSTRIES FOR 50 MLN DLRS"
        try folder.write("bases/flash.txt", flash + "\n")
        let output = try CLIRunner.run([
            "generate", "--base", folder.file("bases"), "--out", folder.file("corpus"), "--stories", "3",
            "--keep-all-bases", "--variants", "word-edits",
        ])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.contains("1 headlines alone left unlabelled"), "\(output.stdout)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.file("corpus/docs"))
        let flashes = try names.filter {
            try String(contentsOfFile: folder.file("corpus/docs/" + $0), encoding: .utf8) == flash
        }
        #expect(flashes.count == 1, "\(names)")
        let id = String(flashes.first?.dropLast(4) ?? "")
        let labels = try String(contentsOfFile: folder.file("corpus/labels.tsv"), encoding: .utf8)
        let variants = try String(contentsOfFile: folder.file("corpus/variants.tsv"), encoding: .utf8)
        #expect(labels.split(separator: "\n").count == names.count, "one label per document but the flash")
        #expect(!labels.contains(id + "\t") && !variants.contains(id + "\t"))
    }
}
