import NearDupCore

/// One line of `events-<yyyy-mm-dd>.jsonl.gz`.
public enum WatchEvent: Sendable, Equatable {
    /// A new document joined (or founded) a cluster.
    case added(document: String, cluster: String, kind: String, at: Double)
    /// Clusters merged; the oldest id is kept.
    case merged(cluster: String, absorbed: [String], at: Double)
    /// A cluster's members now belong to several clusters (the chaining guard decided otherwise with more evidence).
    case split(cluster: String, into: [String], at: Double)
    /// A document left the index (it fell out of the time window).
    case evicted(document: String, cluster: String, at: Double)
    /// A document was deleted on request (over the HTTP API) and left the index.
    case deleted(document: String, cluster: String, at: Double)
    /// An input that did not become a document.
    case rejected(origin: String, reason: String, message: String, at: Double)

    /// The event as one line of JSON.
    public func jsonLine() -> [UInt8] {
        var json = JSONWriter(capacity: 160)
        json.beginObject()
        switch self {
        case .added(let document, let cluster, let kind, let at):
            json.field("at", at)
            json.field("cluster", cluster)
            json.field("document", document)
            json.field("kind", kind)
            json.field("type", "added")
        case .merged(let cluster, let absorbed, let at):
            json.key("absorbed")
            json.beginArray()
            for id in absorbed { json.value(id) }
            json.endArray()
            json.field("at", at)
            json.field("cluster", cluster)
            json.field("type", "merged")
        case .split(let cluster, let into, let at):
            json.field("at", at)
            json.field("cluster", cluster)
            json.key("into")
            json.beginArray()
            for id in into { json.value(id) }
            json.endArray()
            json.field("type", "split")
        case .evicted(let document, let cluster, let at):
            json.field("at", at)
            json.field("cluster", cluster)
            json.field("document", document)
            json.field("type", "evicted")
        case .deleted(let document, let cluster, let at):
            json.field("at", at)
            json.field("cluster", cluster)
            json.field("document", document)
            json.field("type", "deleted")
        case .rejected(let origin, let reason, let message, let at):
            json.field("at", at)
            json.field("message", message)
            json.field("origin", origin)
            json.field("reason", reason)
            json.field("type", "rejected")
        }
        json.endObject()
        return json.bytes + [0x0A]
    }
}
