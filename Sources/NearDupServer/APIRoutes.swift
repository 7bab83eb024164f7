import Foundation
import Hummingbird
import NIOCore
import NearDupCore
import NearDupIO
import NearDupWatch

/// The HTTP API's routes (`docs/http-api.md`, `docs/openapi.json`) on an `IndexService`.
public struct APIRoutes: Sendable {
    let service: IndexService
    var options: ServerOptions { service.options }

    public init(service: IndexService) {
        self.service = service
    }

    /// A router with every route and the middleware (errors as JSON, metrics, the bearer token).
    public func router() -> Router<BasicRequestContext> {
        let router = Router(context: BasicRequestContext.self)
        // Middleware first: routes capture the middleware added before them.
        router.add(middleware: OutcomeMiddleware(metrics: service.metrics))
        if let token = options.token { router.add(middleware: BearerTokenMiddleware(token: token)) }
        router.post("/v1/check") { request, _ in try await check(request) }
        router.post("/v1/documents") { request, _ in try await post(request) }
        router.get("/v1/documents/**") { _, context in try await document(try documentID(context)) }
        router.delete("/v1/documents/**") { _, context in try await delete(try documentID(context)) }
        router.get("/v1/clusters/:id") { _, context in try await cluster(context.parameters.require("id")) }
        router.get("/v1/clusters") { request, _ in try await changes(request) }
        router.get("/metrics") { _, _ in metrics() }
        router.get("/healthz") { _, _ in Self.json(.ok, Array(#"{"status":"ok"}"#.utf8)) }
        router.get("/readyz") { _, _ in ready() }
        return router
    }

    /// The methods a path answers (empty for a path the API does not have), for `405` answers.
    static func methods(path: String) -> [String] {
        switch path {
        case "/v1/check", "/v1/documents": ["POST"]
        case "/v1/clusters", "/metrics", "/healthz", "/readyz": ["GET"]
        case _ where path.hasPrefix("/v1/documents/") && path.count > "/v1/documents/".count: ["GET", "DELETE"]
        case _
        where path.hasPrefix("/v1/clusters/") && path.dropFirst("/v1/clusters/".count).count > 0
            && !path.dropFirst("/v1/clusters/".count).contains("/"):
            ["GET"]
        default: []
        }
    }

    // MARK: Handlers

    func check(_ request: Request) async throws -> Response {
        let started = ContinuousClock.now
        let body = try await collect(request)
        let (text, id, filedAt) = try RequestBody.check(body)
        let limit = try self.limit(request, default: 20)
        var filed = try fingerprint(text)
        filed.filedAt = filedAt
        let fingerprint = filed
        let json = try await service.read { core throws(APIError) in
            DocumentJSON.check(fingerprint, id: id, limit: limit, in: core) {
                Double((ContinuousClock.now - started).components.attoseconds) / 1e15
                    + Double((ContinuousClock.now - started).components.seconds) * 1000
            }
        }
        return Self.json(.ok, json)
    }

    func post(_ request: Request) async throws -> Response {
        let body = try await collect(request)
        let type = request.headers[.contentType]?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces)
        // Any other type is read as one JSON object (clients often send none, or curl's form type).
        if let type, Self.lineTypes.contains(type.lowercased()) { return try await postLines(body) }
        let prepared = try prepare(try RequestBody.document(body))
        switch await service.add([prepared])[0] {
        case .created(_, let json): return Self.json(.created, Self.adding(["status": "created"], to: json))
        case .unchanged(_, let json): return Self.json(.ok, Self.adding(["status": "unchanged"], to: json))
        case .failed(let error): throw error
        }
    }

    static let lineTypes: Set<String> = ["application/x-ndjson", "application/jsonl", "application/x-jsonlines"]

    /// A JSON Lines body: good lines are stored as one batch, bad ones are listed with their line and error.
    func postLines(_ body: [UInt8]) async throws -> Response {
        var results: [(line: Int, outcome: Result<Int, APIError>)] = []
        var prepared: [IndexService.Prepared] = []
        for (line, parsed) in RequestBody.documents(ndjson: body) {
            do {
                prepared.append(try prepare(try parsed.get()))
                results.append((line, .success(prepared.count - 1)))
            } catch {
                service.metrics.rejected(error.code)
                results.append((line, .failure(error)))
            }
        }
        guard !results.isEmpty else { throw APIError.badRequest("missing-field", "the body holds no documents") }
        let outcomes = prepared.isEmpty ? [] : await service.add(prepared)
        if case .failed(let error) = outcomes.first, error.status == .serviceUnavailable { throw error }
        var (created, unchanged, rejected) = (0, 0, 0)
        var json = JSONWriter(capacity: 256 * results.count)
        json.beginObject()
        json.key("documents")
        json.beginArray()
        for (line, result) in results {
            switch result.map({ outcomes[$0] }) {
            case .success(.created(_, let description)):
                created += 1
                json.raw(Self.adding(["line": line, "status": "created"], to: description))
            case .success(.unchanged(_, let description)):
                unchanged += 1
                json.raw(Self.adding(["line": line, "status": "unchanged"], to: description))
            case .success(.failed(let error)), .failure(let error):
                rejected += 1
                json.raw(Self.adding(["line": line, "status": "rejected"], to: error.body))
            }
        }
        json.endArray()
        json.field("created", created)
        json.field("rejected", rejected)
        json.field("unchanged", unchanged)
        json.endObject()
        return Self.json(created > 0 ? .created : unchanged > 0 ? .ok : .badRequest, json.bytes)
    }

    func document(_ id: String) async throws -> Response {
        let json = try await service.read { core throws(APIError) in
            guard let document = core.document(id) else { throw .notFound("no document \(id)") }
            guard !document.deleted else { throw .notFound("document \(id) was deleted") }
            return DocumentJSON.describe(id, in: core)
        }
        return Self.json(.ok, json)
    }

    func delete(_ id: String) async throws -> Response {
        try await service.delete(id).get()
        return Response(status: .noContent)
    }

    func cluster(_ name: String) async throws -> Response {
        let json = try await service.read { core throws(APIError) in
            guard let cluster = core.cluster(named: name) else { throw .notFound("no cluster \(name)") }
            var json = JSONWriter(capacity: 1024 * cluster.members.count)
            ResponseJSON.cluster(name: name, cluster, fingerprint: { core.fingerprint(of: $0) }, into: &json)
            return json.bytes
        }
        return Self.json(.ok, json)
    }

    /// `GET /v1/clusters?since=SEQ&limit=N`: the events after `since`; without `since`, none, and the number to
    /// poll from.
    func changes(_ request: Request) async throws -> Response {
        let limit = try self.limit(request, default: options.maximumLimit)
        let since: UInt64?
        if let text = request.uri.queryParameters.get("since") {
            guard let value = UInt64(text), value <= UInt64(Int64.max) else {
                throw APIError.badRequest("bad-parameter", "'since' must be an integer from 0 to \(Int64.max)")
            }
            since = value
        } else {
            since = nil
        }
        let clusters = try await service.read { core throws(APIError) in (core.clusterCount, core.activeDocuments) }
        let (events, next, reset) =
            since.map { service.feed.events(after: $0, limit: limit) } ?? ([], service.feed.last, false)
        var json = JSONWriter(capacity: 256 * (events.count + 1))
        json.beginObject()
        json.field("clusters", clusters.0)
        json.field("documents", clusters.1)
        json.key("events")
        json.beginArray()
        for event in events { json.raw(event) }
        json.endArray()
        json.field("next", Int(next))
        json.field("reset", reset)
        json.endObject()
        return Self.json(.ok, json.bytes)
    }

    func metrics() -> Response {
        if let figures = service.figures() {
            service.metrics.index(
                documents: figures.documents, clusters: figures.clusters, checkpointAge: figures.checkpointAge)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: service.metrics.exposition())))
    }

    func ready() -> Response {
        service.isReady
            ? Self.json(.ok, Array(#"{"status":"ready"}"#.utf8))
            : Self.json(.serviceUnavailable, Array(#"{"status":"loading"}"#.utf8))
    }

    // MARK: Support

    /// The body, refused with 413 when its stated length or what arrives is over the limit.
    func collect(_ request: Request) async throws -> [UInt8] {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > options.maximumBytes {
            throw Self.tooLarge(options.maximumBytes)
        }
        do {
            let buffer = try await request.body.collect(upTo: options.maximumBytes)
            return Array(buffer.readableBytesView)
        } catch is NIOTooManyBytesError {
            throw Self.tooLarge(options.maximumBytes)
        }
    }

    static func tooLarge(_ limit: Int) -> APIError {
        APIError(.contentTooLarge, code: "too-large", "the request body is over the limit of \(limit) bytes")
    }

    func limit(_ request: Request, default value: Int) throws(APIError) -> Int {
        guard let text = request.uri.queryParameters.get("limit") else { return min(value, options.maximumLimit) }
        guard let limit = Int(text), (1...options.maximumLimit).contains(limit) else {
            throw .badRequest("bad-parameter", "'limit' must be an integer from 1 to \(options.maximumLimit)")
        }
        return limit
    }

    func documentID(_ context: BasicRequestContext) throws(APIError) -> String {
        let parts = context.parameters.getCatchAll().map { $0.removingPercentEncoding ?? String($0) }
        let id = parts.joined(separator: "/")
        guard !id.isEmpty else { throw .notFound("no document id in the path") }
        return id
    }

    /// Fingerprints a text; refuses one that is not usable text (binary, or no words).
    func fingerprint(_ text: [UInt8]) throws(APIError) -> DocumentFingerprint {
        var fingerprinter = Fingerprinter(configuration: options.configuration)
        let fingerprint = text.withUnsafeBytes { fingerprinter.fingerprint($0) }
        if let (reason, message) = DocumentQuality.problem(fingerprint) {
            service.metrics.rejected(reason.rawValue)
            throw .badRequest(reason.rawValue, message.replacingOccurrences(of: "file is empty", with: "text is empty"))
        }
        return fingerprint
    }

    func prepare(_ posted: PostedDocument) throws(APIError) -> IndexService.Prepared {
        var fingerprint = try fingerprint(posted.text)
        fingerprint.filedAt = posted.filedAt
        return IndexService.Prepared(posted: posted, fingerprint: fingerprint, contentHash: XXHash64.hash(posted.text))
    }

    static func json(_ status: HTTPResponse.Status, _ bytes: [UInt8]) -> Response {
        Response(
            status: status, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// `object` (a JSON object's bytes) with more fields in front.
    static func adding(_ fields: [String: any Sendable], to object: [UInt8]) -> [UInt8] {
        var json = JSONWriter(capacity: 64)
        json.beginObject()
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            if let number = value as? Int {
                json.field(key, number)
            } else if let text = value as? String {
                json.field(key, text)
            }
        }
        var bytes = json.bytes
        guard object.count > 2 else { return bytes + [UInt8(ascii: "}")] }
        bytes.append(UInt8(ascii: ","))
        bytes.append(contentsOf: object.dropFirst())
        return bytes
    }
}
