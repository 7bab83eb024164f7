import Foundation
import Hummingbird
import Logging
import NearDupServer
import NearDupTestSupport

/// An in-process server on a temporary state folder, answered through its router (`RouterClient`).
struct TestServer {
    let folder: TemporaryFolder
    let service: IndexService

    static let seeds: [(id: String, text: String)] = {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("corpora/seeds")
        return (try! FileManager.default.contentsOfDirectory(atPath: folder.path)).filter { $0.hasSuffix(".txt") }
            .sorted().map {
                (String($0.dropLast(4)), try! String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8))
            }
    }()

    /// A server whose state is loaded (`open: false` leaves it loading, as right after a start).
    static func make(
        folder: TemporaryFolder? = nil, open: Bool = true, configure: (inout ServerOptions) -> Void = { _ in }
    ) async throws -> TestServer {
        let folder = try folder ?? TemporaryFolder()
        var options = ServerOptions(stateFolder: folder.file("state"))
        options.jobs = 1
        configure(&options)
        var logger = Logger(label: "neardup.test")
        logger.logLevel = .warning
        let service = IndexService(options: options, logger: logger)
        if open { try await service.open() }
        return TestServer(folder: folder, service: service)
    }

    func test(_ body: @Sendable (RouterClient) async throws -> Void) async throws {
        var logger = Logger(label: "neardup.test")
        logger.logLevel = .warning
        // The service is opened and closed by the test, not run by the application.
        let app = APIServer.application(service: service, logger: logger, runsService: false)
        try await body(try await RouterClient(app))
    }

    func close() async { await service.close() }
}

extension RouterClient {
    /// Sends `object` as JSON.
    func post(_ uri: String, json object: [String: Any], headers: HTTPFields = [:]) async throws -> TestResponse {
        try await post(uri, body: Array(try JSONSerialization.data(withJSONObject: object)), headers: headers)
    }

    func post(_ uri: String, body: [UInt8], headers: HTTPFields = [:]) async throws -> TestResponse {
        var fields = headers
        if fields[.contentType] == nil { fields[.contentType] = "application/json" }
        return try await execute(uri: uri, method: .post, headers: fields, body: ByteBuffer(bytes: body))
    }

    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: headers)
    }

    func delete(_ uri: String) async throws -> TestResponse { try await execute(uri: uri, method: .delete) }

    /// Posts the seeds whose ids start with one of `prefixes`.
    func postSeeds(_ prefixes: [String]) async throws {
        for seed in TestServer.seeds where prefixes.contains(where: { seed.id.hasPrefix($0) }) {
            let response = try await post("/v1/documents", json: ["id": seed.id, "text": seed.text])
            guard response.status == .created else { throw TestFailure("posting \(seed.id): \(response.status)") }
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension TestResponse {
    /// The body as a JSON object.
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any]) ?? [:]
    }

    var text: String { String(buffer: body) }

    /// The `error.code` of an error answer.
    var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
}

extension Data {
    init(buffer: ByteBuffer) { self.init(buffer.readableBytesView) }
}
