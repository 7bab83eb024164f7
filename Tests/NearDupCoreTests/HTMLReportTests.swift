import Foundation
import Testing

@testable import NearDupCore

@Suite("HTML report")
struct HTMLReportTests {
    static func page(_ documents: [(id: String, text: String)]) -> (String, ClusterReport) {
        let configuration = Configuration()
        var fingerprinter = Fingerprinter(configuration: configuration)
        let fingerprints = documents.map { fingerprinter.fingerprint($0.text) }
        let ids = documents.map(\.id)
        let result = ClusterEngine(configuration: configuration).cluster(ids: ids, fingerprints: fingerprints)
        let report = ClusterReport(
            result: result, ids: ids, origins: ids, fingerprints: fingerprints,
            skipped: [
                SkippedInput(origin: "<img src=x onerror=alert(1)>.txt", id: nil, reason: .binary, message: "NUL bytes")
            ],
            configuration: configuration, bytes: 0, lossyDocuments: 0, invalidSequences: 0, generator: "test",
            createdAt: "now", timings: [:])
        var texts: [String: DocumentText] = [:]
        for document in documents {
            texts[document.id] = DocumentText(bytes: Array(document.text.utf8), configuration: configuration)
        }
        return (HTMLReport(report: report, texts: texts).render(), report)
    }

    static func count(_ needle: String, in haystack: String) -> Int {
        haystack.components(separatedBy: needle).count - 1
    }

    @Test func theSeedsBBCPairIsShownSideBySideWithSharedRunsMarked() throws {
        let (html, report) = Self.page(try Corpora.seeds())
        let bbc = try #require(report.clusters.first { $0.size == 2 })
        let template = try #require(html.components(separatedBy: "<template id=\"t-c-").dropFirst().first)
        #expect(template.contains("Cluster \(bbc.id)"))
        #expect(Self.count("<mark>", in: template) >= 15)
        #expect(Self.count("<tr class=\"match\">", in: template) >= 12)
        #expect(template.contains("only in 003_51a1bab3c6050887"))
        #expect(template.contains("<mark>Brig Gen Manaf Tlas fled Syria via Turkey"))
        // Only the multi-member cluster gets a detail template.
        #expect(Self.count("<template id=\"t-c-", in: html) == 1)
        // The quote shared by 001 and 002 is a paragraph link with its own view.
        #expect(html.contains("001_d8c47ce22ccf6ecf ~ 002_c91c690f928fcd98"))
    }

    @Test func structureIsAccessibleAndSelfContained() throws {
        let (html, _) = Self.page(try Corpora.seeds())
        #expect(html.hasPrefix("<!doctype html><html lang=\"en\">"))
        for landmark in [
            "<main>", "<header>", "<nav aria-label=\"Sections\">", "<h1>", "<h2 id=\"overview-title\">",
            "<h2 id=\"clusters-title\">", "<h2 id=\"links-title\">", "scope=\"col\"", "role=\"img\"",
            "<label for=\"filter\">", "prefers-color-scheme:dark",
        ] {
            #expect(html.contains(landmark), "missing \(landmark)")
        }
        // No network: nothing is loaded from elsewhere.
        for external in ["http://", "https://", "<link ", "src=\""] { #expect(!html.contains(external), "\(external)") }
    }

    @Test func documentTextIsEscaped() throws {
        let hostile = "<script>alert('x')</script> Officials said the \"plan\" & the <b>budget</b> would pass today."
        let story = (0..<5).map { "Paragraph \($0) of the story about the budget vote in the capital on Friday." }
        let documents = [
            ("a", ([hostile] + story).joined(separator: "\n\n")),
            ("b", ([hostile] + story.dropLast()).joined(separator: "\n\n")),
            ("</script><script>alert(2)</script>", "A different text entirely, about weather in the mountains today."),
        ]
        let (html, _) = Self.page(documents)
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains("<b>budget</b>"))
        #expect(html.contains("alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(html.contains("&lt;b&gt;budget&lt;/b&gt;"))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;.txt"))
        // The id inside the embedded JSON cannot close the data element.
        #expect(html.contains("\\u003c/script>\\u003cscript>alert(2)"))
        #expect(Self.count("</script>", in: html) == 2)
    }

    @Test func sharedRunsNeedThreeWordsAndIgnoreCase() {
        let ranges = SharedRuns.ranges(
            in: "The Regime is unsustainable, he said.", sharedWith: "the regime is UNSUSTAINABLE")
        #expect(ranges.count == 1)
        let text = "The Regime is unsustainable, he said."
        #expect(text[ranges[0]] == "The Regime is unsustainable")
        #expect(SharedRuns.ranges(in: "two words", sharedWith: "two words").isEmpty)
        #expect(SharedRuns.highlighted("a < b and c", sharedWith: "x") == "a &lt; b and c")
    }
}
