import NearDupCore
import NearDupWatch

/// The JSON answers about documents and texts.
enum DocumentJSON {
    /// One document: `{id, requestedId?, source?, publishedAt?, origin, ingestedAt, sequence, deleted, inIndex,
    /// cluster, kind, via, evidence?}`. `cluster` is null for a document outside the index (deleted, or out of the
    /// window); `kind` is `canonical` for the cluster's canonical member (and a singleton).
    static func describe(_ id: String, in core: borrowing WatchCore) -> [UInt8] {
        var json = JSONWriter(capacity: 1024)
        json.beginObject()
        guard let document = core.document(id) else {
            json.endObject()
            return json.bytes
        }
        let placement = core.cluster(of: id)
        let member = placement?.cluster.members.first { $0.id == id }
        json.key("cluster")
        if let placement { json.value(placement.name) } else { json.null() }
        json.field("deleted", document.deleted)
        if let member, let evidence = member.evidence {
            json.key("evidence")
            var second: DocumentFingerprint?
            if let via = member.via { second = core.fingerprint(of: via) }
            ResponseJSON.evidence(evidence, first: core.fingerprint(of: id), second: second, into: &json)
        }
        json.field("id", id)
        json.field("inIndex", document.inIndex)
        json.field("ingestedAt", document.ingestedAt)
        json.field("kind", member.map { $0.kind?.rawValue ?? "canonical" })
        json.field("origin", document.origin)
        json.field("publishedAt", document.submission?.publishedAt)
        json.field("requestedId", document.submission?.requestedID)
        json.field("sequence", Int(document.sequence))
        json.field("source", document.submission?.source)
        json.field("via", member?.via)
        json.endObject()
        return json.bytes
    }

    /// The answer to `POST /v1/check` for a text with this fingerprint: its verdict, the cluster it would join,
    /// the documents it would be clustered with (strongest first, at most `limit`), and those it only shares
    /// paragraphs with.
    static func check(
        _ fingerprint: DocumentFingerprint, id: String?, limit: Int, in core: borrowing WatchCore, took: () -> Double
    ) -> [UInt8] {
        let found = core.query(fingerprint, id: id ?? "")
        let matches = found.filter { $0.kind != nil }
        let links = found.filter { $0.kind == nil }
        let best = matches.first
        var json = JSONWriter(capacity: 4096)
        json.beginObject()
        if let best, let name = core.clusterName(of: best.id) {
            json.field("cluster", name)
        } else {
            json.key("cluster")
            json.null()
        }
        json.key("matches")
        json.beginArray()
        for match in matches.prefix(limit) {
            json.beginObject()
            json.field("cluster", core.clusterName(of: match.id))
            json.key("evidence")
            ResponseJSON.evidence(
                match.evidence, first: fingerprint, second: core.fingerprint(of: match.id), into: &json)
            json.field("id", match.id)
            json.field("kind", match.kind!.rawValue)
            json.endObject()
        }
        json.endArray()
        json.key("paragraphLinks")
        json.beginArray()
        for link in links.prefix(limit) {
            json.beginObject()
            json.field("cluster", core.clusterName(of: link.id))
            json.field("id", link.id)
            json.key("matches")
            ResponseJSON.paragraphMatches(
                link.evidence.matches, first: fingerprint, second: core.fingerprint(of: link.id), into: &json)
            json.endObject()
        }
        json.endArray()
        json.field("tookMs", ResponseJSON.round(took()))
        json.field("verdict", best?.kind?.rawValue ?? "new")
        json.endObject()
        return json.bytes
    }
}
