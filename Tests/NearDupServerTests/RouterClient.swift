import Hummingbird
import Logging
import NIOCore
import NIOEmbedded
import Synchronization

/// Sends requests straight to an application's responder, in process, with no socket: what HummingbirdTesting's
/// router mode does, without the HTTP client and TLS stack that library brings, which nothing else here uses and
/// which took half of the test build.
struct RouterClient: Sendable {
    private let respond: @Sendable (Request, Logger) async throws -> Response
    private let logger: Logger

    init<App: ApplicationProtocol>(_ app: App) async throws {
        let responder = try await app.responder
        self.logger = app.logger
        self.respond = { request, logger in
            let source = ApplicationRequestContextSource(channel: NIOAsyncTestingChannel(), logger: logger)
            return try await responder.respond(to: request, context: App.Responder.Context(source: source))
        }
    }

    /// Sends one request. A body goes with its length, as a client sends it, unless `headers` say it is chunked.
    func execute(
        uri: String, method: HTTPRequest.Method, headers: HTTPFields = [:], body: ByteBuffer? = nil
    ) async throws -> TestResponse {
        var fields = headers
        if let body, fields[.transferEncoding] != "chunked" { fields[.contentLength] = String(body.readableBytes) }
        let request = Request(
            head: HTTPRequest(method: method, scheme: "http", authority: "localhost", path: uri, headerFields: fields),
            body: RequestBody(buffer: body ?? ByteBuffer()))
        // The server's logger carries a request id, which `RequestContext.id` reads.
        var logger = self.logger
        logger[metadataKey: "hb.request.id"] = .stringConvertible(RequestID())
        // The server's middleware answers every failure; one that escapes it fails the test.
        let response = try await respond(request, logger)
        let collected = CollectedBody()
        try await response.body.write(collected)
        return TestResponse(head: response.head, body: collected.buffer.withLock { $0 })
    }
}

/// A response body written into one buffer; a class, since `ResponseBody.write` consumes its writer.
private final class CollectedBody: ResponseBodyWriter, Sendable {
    let buffer = Mutex(ByteBuffer())

    func write(_ part: ByteBuffer) async throws { buffer.withLock { $0.writeImmutableBuffer(part) } }

    func finish(_ trailingHeaders: HTTPFields?) async throws {}
}
