import Foundation
import NearDupCore

/// Writes the HTML view of a report, reading the documents' texts again from where the report says they came from.
public enum ReportPage {
    /// The origin of a document posted over the HTTP API: it names no file, and no text is read for it.
    public static let postedOrigin = "(http)"

    /// Texts of the documents the page shows side by side (members of the first `clusters` multi-member clusters,
    /// and documents of the first `links` paragraph links). `resolve` turns a report origin into a readable path
    /// (the daemon's origins are relative to its inbox); origins that cannot be read are left out.
    public static func texts(
        for report: ClusterReport, page: HTMLReport, maximumBytes: Int = 10 << 20,
        resolve: (String) -> [String] = { [$0] }
    ) -> [String: DocumentText] {
        var wanted: [String: String] = [:]  // id → origin
        var origins: [String: String] = [:]
        for cluster in report.clusters { for member in cluster.members { origins[member.id] = member.origin } }
        for (index, cluster) in page.listedClusters.enumerated() where cluster.size > 1 && index < page.detailedClusters
        {
            for member in cluster.members { wanted[member.id] = member.origin }
        }
        for link in report.paragraphLinks.prefix(page.detailedLinks) {
            for id in link.documents { wanted[id] = origins[id] }
        }
        var texts: [String: DocumentText] = [:]
        var records: [String: [Int: String]] = [:]  // JSON Lines path → line → id
        for (id, origin) in wanted where origin != postedOrigin {
            if let (path, line) = jsonLine(origin) {
                records[path, default: [:]][line] = id
                continue
            }
            for candidate in resolve(origin) {
                if let bytes = try? CorpusLoader.readText(candidate, limit: maximumBytes) {
                    texts[id] = DocumentText(bytes: bytes, configuration: report.parameters)
                    break
                }
            }
        }
        for (path, lines) in records {
            for candidate in resolve(path) {
                guard let bytes = try? CorpusLoader.readText(candidate, limit: Int.max) else { continue }
                let parser = JSONLineParser(idField: "id", textField: "text", timeField: nil)
                var number = 0
                for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
                    number += 1
                    guard let id = lines[number] else { continue }
                    // The id and text fields may have been renamed; take the first string field that is long text.
                    if let record = try? parser.parse(line) {
                        texts[id] = DocumentText(bytes: record.text, configuration: report.parameters)
                    } else if let text = longestString(line) {
                        texts[id] = DocumentText(bytes: text, configuration: report.parameters)
                    }
                }
                break
            }
        }
        return texts
    }

    /// `path:line` for a JSON Lines origin.
    static func jsonLine(_ origin: String) -> (String, Int)? {
        guard let colon = origin.lastIndex(of: ":"), let line = Int(origin[origin.index(after: colon)...]) else {
            return nil
        }
        let path = String(origin[..<colon])
        return path == "-" || path.hasSuffix(".jsonl") || path.hasSuffix(".jsonl.gz") ? (path, line) : nil
    }

    static func longestString(_ line: ArraySlice<UInt8>) -> [UInt8]? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any] else { return nil }
        return object.values.compactMap { $0 as? String }.max { $0.utf8.count < $1.utf8.count }.map { Array($0.utf8) }
    }

    /// Renders and writes the page atomically.
    public static func write(
        _ report: ClusterReport, to path: String, detailedClusters: Int = 2000, resolve: (String) -> [String] = { [$0] }
    ) throws(IOError) {
        var page = HTMLReport(report: report, texts: [:])
        page.detailedClusters = detailedClusters
        let texts = texts(for: report, page: page, resolve: resolve)
        var full = HTMLReport(report: report, texts: texts)
        full.detailedClusters = detailedClusters
        try AtomicFile.write(Array(full.render().utf8), to: path)
    }
}
