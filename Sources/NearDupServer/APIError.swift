import Hummingbird
import NearDupCore

/// An error answer of the HTTP API: a status and `{"error": {"code", "message"}}`.
public struct APIError: Error, HTTPResponseError, Sendable, CustomStringConvertible {
    public var status: HTTPResponse.Status
    /// Machine-readable: `bad-json`, `missing-field`, `wrong-type`, `invalid-utf8`, `too-large`, `not-found`,
    /// `unauthorized`, `unavailable`, `starting`, `empty`, `binary`, `bad-parameter`, `unsupported-media-type`.
    public var code: String
    public var message: String
    /// With 405: the methods the path answers (the `Allow` header).
    public var allow: [String] = []

    public init(_ status: HTTPResponse.Status, code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var description: String { "\(status.code) \(code): \(message)" }

    public var headers: HTTPFields {
        var fields: HTTPFields = [.contentType: "application/json"]
        if status == .unauthorized { fields[.wwwAuthenticate] = "Bearer" }
        if !allow.isEmpty { fields[.allow] = allow.joined(separator: ", ") }
        return fields
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// The JSON body.
    public var body: [UInt8] {
        var json = JSONWriter(capacity: 128)
        json.beginObject()
        json.key("error")
        json.beginObject()
        json.field("code", code)
        json.field("message", message)
        json.endObject()
        json.endObject()
        return json.bytes
    }

    static func notFound(_ message: String) -> APIError { APIError(.notFound, code: "not-found", message) }
    static func badRequest(_ code: String, _ message: String) -> APIError { APIError(.badRequest, code: code, message) }
    static let starting = APIError(
        .serviceUnavailable, code: "starting", "the index is still being loaded; try again when /readyz says ready")
}
