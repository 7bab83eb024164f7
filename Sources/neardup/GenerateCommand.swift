import ArgumentParser
import Foundation
import NearDupCore
import NearDupIO

struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a labelled reprint corpus (docs/, labels.tsv, variants.tsv) from real base articles.",
        discussion: """
            Each story appears as its original and one to four edited reprints (updates, dropped and reordered \
            paragraphs, wire short versions, word edits, site boilerplate, typographic quotes, Penn-Treebank \
            tokenisation, lost paragraph breaks, OCR noise), with hard negatives — other articles that quote one \
            of its paragraphs — and unrelated singletons. The same base and seed give the same corpus.
            """)

    @Option(help: "Folder of base articles (*.txt, searched recursively), e.g. the Reuters-21578 docs folder.")
    var base: String

    @Option(help: "Output folder (created; docs/ inside it must not exist yet).")
    var out: String

    @Option(help: "Number of stories.")
    var stories = 1000

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    func validate() throws {
        if stories < 1 { throw ValidationError("--stories must be at least 1") }
        if FileManager.default.fileExists(atPath: out + "/docs") {
            throw ValidationError("\(out)/docs already exists: choose a new output folder")
        }
    }

    func run() throws {
        guard let enumerator = FileManager.default.enumerator(atPath: base) else {
            throw ValidationError("cannot read \(base)")
        }
        var names: [String] = []
        while let name = enumerator.nextObject() as? String { if name.hasSuffix(".txt") { names.append(name) } }
        names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let bases = names.compactMap { name -> (id: String, text: String)? in
            guard let bytes = try? FileReader.read(base + "/" + name, limit: 1 << 20) else { return nil }
            return (name, String(decoding: bytes, as: UTF8.self))
        }
        let documents = ReprintGenerator().generate(bases: bases, stories: stories, seed: seed)
        try FileManager.default.createDirectory(atPath: out + "/docs", withIntermediateDirectories: true)
        var labels = "doc_id\tcluster_id\n"
        var variants = "doc_id\tcluster_id\tvariants\n"
        for document in documents {
            try Data(document.text.utf8).write(to: URL(fileURLWithPath: out + "/docs/" + document.id + ".txt"))
            labels += "\(document.id)\t\(document.cluster)\n"
            variants += "\(document.id)\t\(document.cluster)\t"
                + document.variants.map(\.rawValue).joined(separator: ",") + "\n"
        }
        try AtomicFile.write(Array(labels.utf8), to: out + "/labels.tsv")
        try AtomicFile.write(Array(variants.utf8), to: out + "/variants.tsv")
        let clusters = Set(documents.map(\.cluster)).count
        print("wrote \(documents.count) documents in \(clusters) clusters to \(out) (from \(bases.count) base articles)")
    }
}
