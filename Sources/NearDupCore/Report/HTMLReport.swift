/// Renders a cluster report as one self-contained HTML page: no network, no external scripts or fonts.
///
/// The overview is plain HTML with inline SVG histograms. Each cluster's detail (members with their evidence, and
/// each member beside the document it is linked to, paragraphs aligned, shared word runs in `<mark>`) and each
/// paragraph link is rendered into an inert `<template>`, which the browser only builds when it is opened; the list
/// of clusters is data that a small script pages through, so a report of tens of thousands of documents stays
/// responsive. All document text is escaped.
public struct HTMLReport {
    public let report: ClusterReport
    /// Texts by document id; documents without text show their evidence only.
    public let texts: [String: DocumentText]
    /// Clusters (largest first) and paragraph links that get a side-by-side view.
    public var detailedClusters = 2000
    public var detailedLinks = 2000
    /// Members compared side by side in one cluster's view.
    public var comparisonsPerCluster = 6

    public init(report: ClusterReport, texts: [String: DocumentText]) {
        self.report = report
        self.texts = texts
    }

    /// The clusters in the order the page lists them: flagged ones first, then largest first.
    public var listedClusters: [ClusterReport.Cluster] {
        report.clusters.filter { !$0.flags.isEmpty } + report.clusters.filter { $0.flags.isEmpty }
    }

    public func render() -> String {
        let clusters = listedClusters
        var html = Self.head(title: "NearDup report")
        html += "<header><h1>NearDup report</h1><p>\(HTMLEscaping.escape(report.generator)), "
        html += "\(HTMLEscaping.escape(report.createdAt)) · schema \(report.version)</p>"
        html += "<nav aria-label=\"Sections\"><a href=\"#overview\">Overview</a> <a href=\"#clusters\">Clusters</a> "
        html += "<a href=\"#links\">Paragraph links</a></nav>"
        html += "<p class=\"search\"><label for=\"filter\">Filter by document id or text</label> "
        html += "<input id=\"filter\" type=\"search\" autocomplete=\"off\" placeholder=\"press / to search\"> "
        html += "<label><input id=\"singletons\" type=\"checkbox\"> show singletons</label></p>"
        html += "<p class=\"keys\">Keys: <kbd>/</kbd> search, <kbd>j</kbd>/<kbd>k</kbd> next/previous cluster, "
        html += "<kbd>Enter</kbd> open, <kbd>n</kbd>/<kbd>p</kbd> next/previous page, <kbd>Esc</kbd> close.</p>"
        html += "</header><main>"
        html += overview()
        html += "<section id=\"clusters\" aria-labelledby=\"clusters-title\"><h2 id=\"clusters-title\">Clusters</h2>"
        html += "<p id=\"cluster-status\" aria-live=\"polite\"></p>"
        html += "<table class=\"list\"><caption class=\"visually-hidden\">Clusters, flagged and largest first</caption>"
        html += "<thead><tr><th scope=\"col\">Cluster</th><th scope=\"col\">Size</th><th scope=\"col\">Canonical</th>"
        html +=
            "<th scope=\"col\">Relations</th><th scope=\"col\">Flags</th></tr></thead><tbody id=\"cluster-rows\"></tbody></table>"
        html +=
            "<nav class=\"pager\" aria-label=\"Cluster pages\"><button id=\"previous\" type=\"button\">Previous page</button> "
        html += "<span id=\"page\"></span> <button id=\"next\" type=\"button\">Next page</button></nav>"
        html += "<div id=\"cluster-detail\" tabindex=\"-1\"></div>"
        for (index, cluster) in clusters.enumerated() where cluster.size > 1 && index < detailedClusters {
            html += "<template id=\"t-c-\(index)\">" + clusterDetail(cluster) + "</template>"
        }
        html += "</section>"
        html += linksSection()
        html += "</main>"
        html +=
            "<script type=\"application/json\" id=\"cluster-data\">" + Self.scriptSafe(clusterData(clusters))
            + "</script>"
        html += "<script>" + Self.script + "</script></body></html>\n"
        return html
    }

    // MARK: Overview

    func overview() -> String {
        let input = report.input
        let multi = report.clusters.filter { $0.size > 1 }
        var html = "<section id=\"overview\" aria-labelledby=\"overview-title\"><h2 id=\"overview-title\">Overview</h2>"
        html += "<div class=\"cards\">"
        for (label, value) in [
            ("documents", "\(input.documents)"), ("clusters", "\(report.clusters.count)"),
            ("with more than one member", "\(multi.count)"), ("exact duplicates", "\(input.exactDuplicates)"),
            ("paragraph links", "\(report.paragraphLinks.count)"), ("refused merges", "\(report.refusedMerges.count)"),
            ("skipped inputs", "\(input.skipped)"),
        ] {
            html += "<p class=\"card\"><strong>\(value)</strong> \(label)</p>"
        }
        html += "</div><div class=\"figures\">"
        html += Self.histogram(
            title: "Cluster sizes", labels: ["1", "2", "3", "4–5", "6–10", "11–20", "21–50", "> 50"],
            counts: Self.bin(report.clusters.map(\.size), edges: [1, 2, 3, 4, 6, 11, 21, 51]), unit: "clusters")
        let similarities = report.clusters.flatMap(\.members).compactMap { member -> Double? in
            guard let evidence = member.evidence, member.kind != "exact" else { return nil }
            return max(evidence.jaccard ?? 0, evidence.containment ?? 0, evidence.coverage)
        }
        html += Self.histogram(
            title: "Similarity of linked pairs (largest of Jaccard, containment, coverage), by tenths",
            labels: (0..<10).map { "≥ .\($0)" },
            counts: Self.bin(similarities.map { min(9, Int($0 * 10)) }, edges: Array(0...9)), unit: "pairs")
        html += "</div>"
        let parameters = report.parameters
        html += "<h3>Parameters</h3><table><tbody>"
        for (name, value) in [
            ("method", parameters.method.rawValue), ("near threshold (Jaccard)", "\(parameters.threshold)"),
            ("reprint containment", "\(parameters.containment)"),
            ("strong containment", "\(parameters.strongContainment)"),
            (
                "shingle words (document / paragraph)",
                "\(parameters.documentShingleSize) / \(parameters.paragraphShingleSize)"
            ),
            ("MinHash slots (document / paragraph)", "\(parameters.slots) / \(parameters.paragraphSlots)"),
            ("paragraph match", "\(parameters.paragraphMatch)"),
            ("furniture limit (documents)", "\(parameters.maximumDocumentFrequency)"),
            ("chaining guard floor", "\(parameters.chainFloor)"),
        ] {
            html += "<tr><th scope=\"row\">\(name)</th><td>\(HTMLEscaping.escape(value))</td></tr>"
        }
        html += "</tbody></table><h3>Candidate search</h3><table><thead><tr><th scope=\"col\">index</th>"
        html += "<th scope=\"col\">bands × rows</th><th scope=\"col\">designed for</th>"
        html += "<th scope=\"col\">P(candidate) there</th></tr></thead><tbody>"
        for (name, scheme) in [("documents", report.candidates.document), ("paragraphs", report.candidates.paragraph)] {
            guard let scheme else { continue }
            html += "<tr><th scope=\"row\">\(name)</th><td>\(scheme.bands) × \(scheme.rows)</td>"
            html += "<td>Jaccard \(scheme.threshold)</td><td>\(scheme.probabilityAtThreshold)</td></tr>"
        }
        if let simhash = report.candidates.simhash {
            html += "<tr><th scope=\"row\">SimHash</th><td>\(simhash.tables) tables</td>"
            html += "<td>distance ≤ \(simhash.maximumDistance)</td><td>1</td></tr>"
        }
        html += "</tbody></table>"
        if !report.skipped.isEmpty {
            html += "<h3>Skipped inputs</h3><table><thead><tr><th scope=\"col\">input</th><th scope=\"col\">reason</th>"
            html += "<th scope=\"col\">message</th></tr></thead><tbody>"
            for item in report.skipped.prefix(500) {
                html += "<tr><td>\(HTMLEscaping.escape(item.origin))</td><td>\(item.reason.rawValue)</td>"
                html += "<td>\(HTMLEscaping.escape(item.message))</td></tr>"
            }
            html += "</tbody></table>"
            if report.skipped.count > 500 {
                html += "<p>… and \(report.skipped.count - 500) more in the JSON report.</p>"
            }
        }
        return html + "</section>"
    }

    static func bin(_ values: [Int], edges: [Int]) -> [Int] {
        var counts = [Int](repeating: 0, count: edges.count)
        for value in values {
            if let index = edges.lastIndex(where: { value >= $0 }) { counts[index] += 1 }
        }
        return counts
    }

    /// A bar chart as inline SVG, with a title and a text alternative listing every bar.
    static func histogram(title: String, labels: [String], counts: [Int], unit: String) -> String {
        let width = 420
        let height = 160
        let bar = (width - 40) / max(1, counts.count)
        let maximum = max(1, counts.max() ?? 1)
        let summary = zip(labels, counts).map { "\($0): \($1)" }.joined(separator: ", ")
        var svg = "<figure><figcaption>\(HTMLEscaping.escape(title))</figcaption>"
        svg += "<svg role=\"img\" viewBox=\"0 0 \(width) \(height + 30)\" width=\"\(width)\" height=\"\(height + 30)\" "
        svg += "aria-label=\"\(HTMLEscaping.escape(title)) (\(unit)): \(HTMLEscaping.escape(summary))\">"
        svg += "<title>\(HTMLEscaping.escape(title))</title>"
        for (index, count) in counts.enumerated() {
            let barHeight = count == 0 ? 0 : max(2, count * (height - 20) / maximum)
            let x = 30 + index * bar
            svg +=
                "<rect class=\"bar\" x=\"\(x + 2)\" y=\"\(height - barHeight)\" width=\"\(bar - 4)\" height=\"\(barHeight)\">"
            svg += "<title>\(HTMLEscaping.escape(labels[index])): \(count) \(unit)</title></rect>"
            svg += "<text x=\"\(x + bar / 2)\" y=\"\(height - barHeight - 4)\" text-anchor=\"middle\">\(count)</text>"
            svg += "<text x=\"\(x + bar / 2)\" y=\"\(height + 16)\" text-anchor=\"middle\" class=\"axis\">"
            svg += "\(HTMLEscaping.escape(labels[index]))</text>"
        }
        return svg + "</svg></figure>"
    }

    // MARK: Clusters

    func clusterData(_ clusters: [ClusterReport.Cluster]) -> [UInt8] {
        var json = JSONWriter(capacity: clusters.count * 120)
        json.beginArray()
        for (index, cluster) in clusters.enumerated() {
            var kinds: [String: Int] = [:]
            for member in cluster.members where member.kind != "canonical" { kinds[member.kind, default: 0] += 1 }
            json.beginObject()
            json.field("i", index)
            json.field("id", cluster.id)
            json.field("size", cluster.size)
            json.field("canonical", cluster.canonical)
            json.field(
                "relations", kinds.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))
            json.field("flags", cluster.flags.joined(separator: ", "))
            json.field("ids", cluster.members.map(\.id).joined(separator: " ").lowercased())
            json.field("detail", cluster.size > 1 && index < detailedClusters)
            json.endObject()
        }
        json.endArray()
        return json.bytes
    }

    func clusterDetail(_ cluster: ClusterReport.Cluster) -> String {
        var html = "<article class=\"cluster\" aria-labelledby=\"h-\(cluster.id)\">"
        html += "<h3 id=\"h-\(cluster.id)\">Cluster \(cluster.id) · \(cluster.size) documents"
        if !cluster.flags.isEmpty { html += " · <span class=\"flag\">\(cluster.flags.joined(separator: ", "))</span>" }
        html +=
            "</h3><table class=\"members\"><thead><tr><th scope=\"col\">document</th><th scope=\"col\">relation</th>"
        html += "<th scope=\"col\">linked to</th><th scope=\"col\">Jaccard</th><th scope=\"col\">containment</th>"
        html +=
            "<th scope=\"col\">paragraph coverage</th><th scope=\"col\">matched paragraphs</th><th scope=\"col\">words</th>"
        html += "</tr></thead><tbody>"
        for member in cluster.members {
            let evidence = member.evidence
            html +=
                "<tr><th scope=\"row\">\(HTMLEscaping.escape(member.id))</th><td><span class=\"kind \(member.kind)\">"
            html += "\(member.kind)</span></td><td>\(HTMLEscaping.escape(member.via ?? "—"))</td>"
            html += "<td>\(Self.number(evidence?.jaccard))</td>"
            html += "<td>\(Self.pair(evidence?.containment, evidence?.containmentReverse))</td>"
            html += "<td>\(Self.pair(evidence?.coverage, evidence?.coverageReverse))</td>"
            html += "<td>\(evidence.map { "\($0.matches.count)" } ?? "—")</td><td>\(member.words)</td></tr>"
        }
        html += "</tbody></table>"
        let compared = cluster.members.filter { $0.via != nil && $0.kind != "exact" }.prefix(comparisonsPerCluster)
        for member in compared {
            guard let via = member.via, let evidence = member.evidence else { continue }
            html += sideBySide(
                left: via, right: member.id, matches: evidence.matches.map { ($0.otherParagraph, $0.paragraph) },
                caption: "\(member.id) (\(member.kind)) beside \(via)")
        }
        let exact = cluster.members.filter { $0.kind == "exact" }.count
        if exact > 0 { html += "<p>\(exact) exact duplicate(s) not shown side by side.</p>" }
        return html + "</article>"
    }

    /// Two documents in two columns, paragraphs aligned on their matches (left ordinal, right ordinal), with the
    /// shared word runs of matched paragraphs marked and paragraphs found on one side only labelled.
    func sideBySide(left: String, right: String, matches: [(Int, Int)], caption: String) -> String {
        var html = "<table class=\"side\"><caption>\(HTMLEscaping.escape(caption))</caption><thead><tr>"
        html +=
            "<th scope=\"col\">\(HTMLEscaping.escape(left))</th><th scope=\"col\">\(HTMLEscaping.escape(right))</th>"
        html += "</tr></thead><tbody>"
        guard let leftText = texts[left], let rightText = texts[right] else {
            html +=
                "<tr><td colspan=\"2\">The texts are not available (the inputs were moved or were read from standard input).</td></tr>"
            return html + "</tbody></table>"
        }
        html += Self.rows(leftText, rightText, matches: matches, leftName: left, rightName: right)
        return html + "</tbody></table>"
    }

    static func rows(
        _ left: DocumentText, _ right: DocumentText, matches: [(Int, Int)], leftName: String, rightName: String
    )
        -> String
    {
        var partnerOfRight: [Int: Int] = [:]
        for (l, r) in matches where partnerOfRight[r] == nil { partnerOfRight[r] = l }
        var html = ""
        var nextLeft = 0
        var shownLeft = Set<Int>()
        func only(_ text: String, left: Bool) -> String {
            let name = HTMLEscaping.escape(left ? leftName : rightName)
            let cell =
                "<td class=\"only\"><span class=\"badge\">only in \(name)</span> \(HTMLEscaping.escape(text))</td>"
            return left ? "<tr>\(cell)<td class=\"gap\"></td></tr>" : "<tr><td class=\"gap\"></td>\(cell)</tr>"
        }
        for r in right.segments.indices {
            let rightPassage = right.segment(r)
            guard !rightPassage.isEmpty else { continue }
            guard let l = partnerOfRight[r] else {
                html += only(rightPassage, left: false)
                continue
            }
            while nextLeft < l {
                if !shownLeft.contains(nextLeft) && !matches.contains(where: { $0.0 == nextLeft }) {
                    let passage = left.segment(nextLeft)
                    if !passage.isEmpty { html += only(passage, left: true) }
                    shownLeft.insert(nextLeft)
                }
                nextLeft += 1
            }
            let leftPassage = left.segment(l)
            let moved = shownLeft.contains(l) ? " <span class=\"badge\">again</span>" : ""
            html +=
                "<tr class=\"match\"><td>\(SharedRuns.highlighted(leftPassage, sharedWith: rightPassage))\(moved)</td>"
            html += "<td>\(SharedRuns.highlighted(rightPassage, sharedWith: leftPassage))</td></tr>"
            shownLeft.insert(l)
            nextLeft = max(nextLeft, l + 1)
        }
        for l in nextLeft..<left.segments.count where !shownLeft.contains(l) && !matches.contains(where: { $0.0 == l })
        {
            let passage = left.segment(l)
            if !passage.isEmpty { html += only(passage, left: true) }
        }
        return html
    }

    // MARK: Paragraph links

    func linksSection() -> String {
        var html = "<section id=\"links\" aria-labelledby=\"links-title\"><h2 id=\"links-title\">Paragraph links</h2>"
        html += "<p>Paragraphs carried by documents that are not reprints of each other: quotes, wire paragraphs.</p>"
        guard !report.paragraphLinks.isEmpty else { return html + "<p>None.</p></section>" }
        html += "<table class=\"list\"><thead><tr><th scope=\"col\">documents</th><th scope=\"col\">clusters</th>"
        html += "<th scope=\"col\">shared paragraphs</th></tr></thead><tbody>"
        for (index, link) in report.paragraphLinks.prefix(detailedLinks).enumerated() {
            html +=
                "<tr class=\"link\" data-ids=\"\(HTMLEscaping.escape(link.documents.joined(separator: " ").lowercased()))\">"
            html +=
                "<td><button type=\"button\" class=\"open-link\" data-template=\"t-l-\(index)\" aria-expanded=\"false\">"
            html +=
                "\(HTMLEscaping.escape(link.documents[0])) ~ \(HTMLEscaping.escape(link.documents[1]))</button></td>"
            html +=
                "<td>\(HTMLEscaping.escape(link.clusters.joined(separator: ", ")))</td><td>\(link.matches.count)</td></tr>"
        }
        html += "</tbody></table>"
        if report.paragraphLinks.count > detailedLinks {
            html += "<p>… and \(report.paragraphLinks.count - detailedLinks) more in the JSON report.</p>"
        }
        for (index, link) in report.paragraphLinks.prefix(detailedLinks).enumerated() {
            html += "<template id=\"t-l-\(index)\"><table class=\"side\"><caption>Shared paragraphs of "
            html += "\(HTMLEscaping.escape(link.documents[0])) and \(HTMLEscaping.escape(link.documents[1]))</caption>"
            html += "<thead><tr><th scope=\"col\">\(HTMLEscaping.escape(link.documents[0]))</th>"
            html += "<th scope=\"col\">\(HTMLEscaping.escape(link.documents[1]))</th></tr></thead><tbody>"
            if let first = texts[link.documents[0]], let second = texts[link.documents[1]] {
                for match in link.matches {
                    let a = first.segment(match.paragraph)
                    let b = second.segment(match.otherParagraph)
                    html += "<tr class=\"match\"><td>\(SharedRuns.highlighted(a, sharedWith: b))</td>"
                    html += "<td>\(SharedRuns.highlighted(b, sharedWith: a))</td></tr>"
                }
            } else {
                html += "<tr><td colspan=\"2\">The texts are not available.</td></tr>"
            }
            html += "</tbody></table></template>"
        }
        return html + "</section>"
    }

    // MARK: Pieces

    /// A standalone page comparing two documents (for `neardup compare --html`).
    public static func comparison(
        leftName: String, left: DocumentText, rightName: String, right: DocumentText, evidence: PairEvidence
    ) -> String {
        var html = head(title: "NearDup: \(leftName) beside \(rightName)")
        html +=
            "<header><h1>\(HTMLEscaping.escape(leftName)) beside \(HTMLEscaping.escape(rightName))</h1></header><main>"
        html +=
            "<table><tbody><tr><th scope=\"row\">relation</th><td>\(evidence.kind?.rawValue ?? "none (not duplicates)")</td></tr>"
        html += "<tr><th scope=\"row\">Jaccard</th><td>\(number(evidence.jaccard))</td></tr>"
        html +=
            "<tr><th scope=\"row\">containment</th><td>\(pair(evidence.containment, evidence.containmentReverse))</td></tr>"
        html +=
            "<tr><th scope=\"row\">paragraph coverage</th><td>\(pair(evidence.coverage, evidence.coverageReverse))</td></tr>"
        html += "<tr><th scope=\"row\">matched paragraphs</th><td>\(evidence.matches.count)</td></tr></tbody></table>"
        html += "<table class=\"side\"><caption>Paragraphs aligned; shared word runs marked</caption><thead><tr>"
        html +=
            "<th scope=\"col\">\(HTMLEscaping.escape(leftName))</th><th scope=\"col\">\(HTMLEscaping.escape(rightName))</th>"
        html += "</tr></thead><tbody>"
        html += rows(
            left, right, matches: evidence.matches.map { (Int($0.first), Int($0.second)) }, leftName: leftName,
            rightName: rightName)
        return html + "</tbody></table></main></body></html>\n"
    }

    static func number(_ value: Double?) -> String {
        guard let value else { return "—" }
        let scaled = Int((value * 100).rounded())
        return "\(scaled / 100).\(scaled % 100 < 10 ? "0" : "")\(scaled % 100)"
    }

    static func pair(_ a: Double?, _ b: Double?) -> String {
        guard a != nil || b != nil else { return "—" }
        return "\(number(a)) / \(number(b))"
    }

    /// JSON inside a `<script>` element: every `<` is written `\u003c` (still the same JSON), so no text can end the
    /// element or switch the HTML parser into its escaped script states.
    static func scriptSafe(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "<", with: "\\u003c")
    }

    static func head(title: String) -> String {
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
            + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            + "<title>\(HTMLEscaping.escape(title))</title><style>\(style)</style></head><body>"
    }

    static let style = """
        :root{color-scheme:light dark;--bg:#fff;--fg:#1b1b1b;--muted:#555;--line:#ccc;--mark:#ffe066;--markfg:#1b1b1b;\
        --accent:#0b5cad;--only:#f3f3f3;--bar:#0b5cad}
        @media (prefers-color-scheme:dark){:root{--bg:#15171a;--fg:#e8e8e8;--muted:#b0b0b0;--line:#444;\
        --mark:#7a5d00;--markfg:#fff;--accent:#7ab8ff;--only:#22262b;--bar:#7ab8ff}}
        body{background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:1200px;\
        padding:0 1rem 3rem}
        a,button{color:var(--accent)}button{background:none;border:1px solid var(--line);border-radius:4px;\
        padding:.15rem .5rem;cursor:pointer;font:inherit}
        table{border-collapse:collapse;margin:.5rem 0 1rem;width:100%}th,td{border-bottom:1px solid var(--line);\
        padding:.3rem .5rem;text-align:left;vertical-align:top;overflow-wrap:anywhere}
        .side td{width:50%}.only{background:var(--only);color:var(--muted)}.gap{background:transparent}
        mark{background:var(--mark);color:var(--markfg);padding:0 .05em}
        .badge{font-size:.75rem;border:1px solid var(--line);border-radius:3px;padding:0 .3rem;color:var(--muted)}
        .flag{color:#b3261e}.cards{display:flex;flex-wrap:wrap;gap:.5rem}.card{border:1px solid var(--line);\
        border-radius:6px;padding:.4rem .8rem;margin:0}.card strong{font-size:1.3rem;display:block}
        .figures{display:flex;flex-wrap:wrap;gap:1.5rem}figure{margin:1rem 0}svg text{fill:var(--fg);font-size:11px}
        svg .axis{fill:var(--muted)}.bar{fill:var(--bar)}tr.selected{outline:2px solid var(--accent)}
        .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
        input[type=search]{font:inherit;padding:.2rem .4rem;min-width:18rem}kbd{border:1px solid var(--line);\
        border-radius:3px;padding:0 .25rem;font-size:.85em}.keys{color:var(--muted);font-size:.85rem}
        """

    static let script = """
        (function(){
        var data=JSON.parse(document.getElementById('cluster-data').textContent);
        var rows=document.getElementById('cluster-rows'),detail=document.getElementById('cluster-detail');
        var filter=document.getElementById('filter'),singles=document.getElementById('singletons');
        var status=document.getElementById('cluster-status'),pageLabel=document.getElementById('page');
        var page=0,size=100,shown=[],selected=-1;
        function matches(c,q){if(!q)return true;if(c.ids.indexOf(q)>=0)return true;
        if(q.length<3||!c.detail)return false;var t=document.getElementById('t-c-'+c.i);
        return t&&t.content.textContent.toLowerCase().indexOf(q)>=0;}
        function visible(){var q=filter.value.trim().toLowerCase();
        return data.filter(function(c){return (singles.checked||c.size>1)&&matches(c,q);});}
        function cell(r,text){var td=document.createElement('td');td.textContent=text;r.appendChild(td);return td;}
        function render(){shown=visible();var pages=Math.max(1,Math.ceil(shown.length/size));
        if(page>=pages)page=pages-1;rows.textContent='';
        shown.slice(page*size,page*size+size).forEach(function(c){var r=document.createElement('tr');
        var b=document.createElement('button');b.type='button';b.textContent=c.id;b.className='open-cluster';
        b.addEventListener('click',function(){open(c);});var td=document.createElement('td');td.appendChild(b);
        r.appendChild(td);cell(r,String(c.size));cell(r,c.canonical);cell(r,c.relations);cell(r,c.flags);
        r.dataset.index=c.i;rows.appendChild(r);});selected=-1;
        pageLabel.textContent='page '+(page+1)+' of '+pages;
        status.textContent=shown.length+(shown.length===1?' cluster matches':' clusters match');}
        function open(c,quiet){detail.textContent='';var t=document.getElementById('t-c-'+c.i);
        if(t){detail.appendChild(t.content.cloneNode(true));}else{var p=document.createElement('p');
        p.textContent='Cluster '+c.id+': '+c.size+' document(s); no side-by-side view for it in this page.';
        detail.appendChild(p);}if(!quiet)detail.focus();}
        function select(i){var list=rows.querySelectorAll('tr');if(!list.length)return;
        selected=Math.max(0,Math.min(list.length-1,i));list.forEach(function(r){r.classList.remove('selected');});
        list[selected].classList.add('selected');list[selected].querySelector('button').focus();}
        filter.addEventListener('input',function(){page=0;render();});
        singles.addEventListener('change',function(){page=0;render();});
        document.getElementById('next').addEventListener('click',function(){page++;render();});
        document.getElementById('previous').addEventListener('click',function(){if(page>0)page--;render();});
        document.querySelectorAll('.open-link').forEach(function(b){b.addEventListener('click',function(){
        var row=b.closest('tr'),next=row.nextElementSibling;
        if(next&&next.classList.contains('link-detail')){next.remove();b.setAttribute('aria-expanded','false');return;}
        var tr=document.createElement('tr');tr.className='link-detail';var td=document.createElement('td');td.colSpan=3;
        td.appendChild(document.getElementById(b.dataset.template).content.cloneNode(true));tr.appendChild(td);
        row.after(tr);b.setAttribute('aria-expanded','true');});});
        document.addEventListener('keydown',function(e){if(e.target===filter){if(e.key==='Escape')filter.blur();return;}
        if(e.key==='/'){e.preventDefault();filter.focus();}else if(e.key==='j'){select(selected+1);}
        else if(e.key==='k'){select(selected-1);}else if(e.key==='n'){page++;render();}
        else if(e.key==='p'){if(page>0)page--;render();}else if(e.key==='Escape'){detail.textContent='';}});
        render();if(shown.length&&shown[0].size>1){open(shown[0],true);}
        })();
        """
}
