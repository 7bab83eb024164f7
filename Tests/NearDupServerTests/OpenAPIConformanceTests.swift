import Foundation
import Hummingbird
import NIOCore
import NearDupServer
import Synchronization
import Testing

/// `docs/openapi.json` against the server: every operation it lists is routed, every answer the server gives has a
/// documented status and a body that conforms to the documented schema (undocumented fields fail), and every
/// documented status is produced by some request here (the state-log failure's 503 by the integration tests).
@Suite("OpenAPI document matches the server")
struct OpenAPIConformanceTests {
    static let specPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/openapi.json").path

    /// Answers seen, as "METHOD path status".
    final class Seen: Sendable {
        let answers = Mutex<Set<String>>([])
        let problems = Mutex<[String]>([])
    }

    struct Caller: Sendable {
        let client: RouterClient
        let seen: Seen
        let spec: OpenAPIDocument

        @discardableResult
        func call(
            _ method: HTTPRequest.Method, _ template: String, _ uri: String, body: [UInt8]? = nil,
            headers: HTTPFields = [:]
        ) async throws -> TestResponse {
            var fields = headers
            if body != nil && fields[.contentType] == nil { fields[.contentType] = "application/json" }
            let response = try await client.execute(
                uri: uri, method: method, headers: fields, body: body.map { ByteBuffer(bytes: $0) })
            let status = Int(response.status.code)
            seen.answers.withLock { _ = $0.insert("\(method.rawValue) \(template) \(status)") }
            var problems: [String] = []
            if let documented = spec.response(template, method.rawValue, status: status) {
                let type = response.headers[.contentType]?.split(separator: ";").first.map(String.init)
                if let schema = documented["content"]?["application/json"]?["schema"] {
                    if type != "application/json" { problems.append("content type \(type ?? "none")") }
                    let value = try JSONValue.parse(response.body.readableBytesView)
                    problems += spec.problems(value, schema)
                } else if let content = documented["content"]?.object {
                    if !content.keys.contains(where: { $0 == type }) {
                        problems.append("content type \(type ?? "none")")
                    }
                } else if response.body.readableBytes > 0 {
                    problems.append("a body where none is documented")
                }
            } else {
                problems.append("status \(status) is not documented: \(String(buffer: response.body))")
            }
            let found = problems.map { "\(method.rawValue) \(uri) → \(status): \($0)" }
            seen.problems.withLock { $0 += found }
            return response
        }
    }

    @Test func everyOperationAndStatusIsAsDocumented() async throws {
        let spec = try OpenAPIDocument(path: Self.specPath)
        let seen = Seen()
        let seeds = TestServer.seeds

        let server = try await TestServer.make { $0.maximumBytes = 64 << 10 }
        defer { server.folder.remove() }
        try await server.test { client in
            let api = Caller(client: client, seen: seen, spec: spec)
            try await api.call(.get, "/healthz", "/healthz")
            try await api.call(.get, "/readyz", "/readyz")
            try await api.call(.get, "/v1/clusters", "/v1/clusters")
            for seed in seeds where !seed.id.hasPrefix("003") {
                try await api.call(
                    .post, "/v1/documents", "/v1/documents", body: Self.json(["id": seed.id, "text": seed.text]))
            }
            let seed003 = seeds.first { $0.id.hasPrefix("003") }!
            try await api.call(
                .post, "/v1/documents", "/v1/documents", body: Self.json(["id": seeds[0].id, "text": seeds[0].text]))
            try await api.call(.post, "/v1/documents", "/v1/documents", body: Array("{\"id\": 1}".utf8))
            try await api.call(
                .post, "/v1/documents", "/v1/documents",
                body: Self.json(["id": "003", "text": seed003.text]) + Array("\n{bad\n".utf8),
                headers: [.contentType: "application/x-ndjson"])
            try await api.call(
                .post, "/v1/documents", "/v1/documents", body: Self.json(["id": "003", "text": seed003.text]),
                headers: [.contentType: "application/x-ndjson"])
            try await api.call(
                .post, "/v1/documents", "/v1/documents", body: Array("[]\n".utf8),
                headers: [.contentType: "application/x-ndjson"])
            try await api.call(
                .post, "/v1/documents", "/v1/documents", body: Array(repeating: 0x20, count: 65 << 10))
            try await api.call(.post, "/v1/check", "/v1/check?limit=5", body: Self.json(["text": seed003.text]))
            try await api.call(.post, "/v1/check", "/v1/check", body: Self.json(["text": "words nobody wrote before"]))
            try await api.call(.post, "/v1/check", "/v1/check", body: Array("{".utf8))
            try await api.call(.post, "/v1/check", "/v1/check", body: Array(repeating: 0x20, count: 65 << 10))
            let document = try await api.call(.get, "/v1/documents/{id}", "/v1/documents/003")
            try await api.call(.get, "/v1/documents/{id}", "/v1/documents/nothing")
            let cluster = try JSONValue.parse(document.body.readableBytesView)["cluster"]?.string ?? ""
            try await api.call(.get, "/v1/clusters/{id}", "/v1/clusters/\(cluster)")
            try await api.call(.get, "/v1/clusters/{id}", "/v1/clusters/cnothing")
            try await api.call(.get, "/v1/clusters", "/v1/clusters?since=0&limit=3")
            try await api.call(.get, "/v1/clusters", "/v1/clusters?since=-1")
            try await api.call(.delete, "/v1/documents/{id}", "/v1/documents/003")
            try await api.call(.delete, "/v1/documents/{id}", "/v1/documents/003")
            try await api.call(.get, "/metrics", "/metrics")
            let missing = try await client.execute(uri: "/v1/elsewhere", method: .get)
            #expect(missing.status == .notFound)
        }

        let guarded = try await TestServer.make { $0.token = "a-token-of-sixteen-chars" }
        defer { guarded.folder.remove() }
        try await guarded.test { client in
            let api = Caller(client: client, seen: seen, spec: spec)
            for (method, template, uri) in Self.everyRoute {
                try await api.call(method, template, uri, body: method == .post ? Array("{}".utf8) : nil)
            }
        }

        let loading = try await TestServer.make(open: false)
        defer { loading.folder.remove() }
        try await loading.test { client in
            let api = Caller(client: client, seen: seen, spec: spec)
            for (method, template, uri) in Self.everyRoute {
                try await api.call(
                    method, template, uri, body: method == .post ? Self.json(["id": "a", "text": "b c"]) : nil)
            }
        }

        let problems = seen.problems.withLock { $0 }
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
        // Both ways: the document lists exactly the server's routes, and every documented status was produced.
        #expect(
            Set(spec.operations.map { "\($0.method) \($0.path)" })
                == Set(Self.everyRoute.map { "\($0.0.rawValue) \($0.1)" }))
        let answers = seen.answers.withLock { $0 }
        for (path, method) in spec.operations {
            for status in (spec.root["paths"]?[path]?[method.lowercased()]?["responses"]?.object ?? [:]).keys {
                // The 503 of a state log that cannot be written is produced by the integration tests (a full disk).
                let covered = answers.contains("\(method) \(path) \(status)")
                #expect(covered, "\(method) \(path) \(status) was never answered")
            }
        }
    }

    static func json(_ object: [String: String]) -> [UInt8] {
        Array(try! JSONSerialization.data(withJSONObject: object))
    }

    static let everyRoute: [(HTTPRequest.Method, String, String)] = [
        (.post, "/v1/check", "/v1/check"), (.post, "/v1/documents", "/v1/documents"),
        (.get, "/v1/documents/{id}", "/v1/documents/x"), (.delete, "/v1/documents/{id}", "/v1/documents/x"),
        (.get, "/v1/clusters/{id}", "/v1/clusters/cx"), (.get, "/v1/clusters", "/v1/clusters"),
        (.get, "/metrics", "/metrics"), (.get, "/healthz", "/healthz"), (.get, "/readyz", "/readyz"),
    ]
}
