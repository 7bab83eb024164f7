import Hummingbird
import NIOCore

/// Outermost middleware: turns every error into a JSON error answer (`APIError`), so that a client never gets an
/// empty 404 or 500, and counts and times every answer by route.
struct OutcomeMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let metrics: ServerMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let started = ContinuousClock.now
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            let answer = Self.apiError(error, path: request.uri.path)
            if answer.status.code >= 500 { context.logger.error("request failed: \(error)") }
            response = try answer.response(from: request, context: context)
        }
        metrics.request(
            endpoint: context.endpointPath ?? "unmatched", method: request.method.rawValue,
            status: response.status.code, duration: ContinuousClock.now - started)
        return response
    }

    static func apiError(_ error: any Error, path: String) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case is NIOTooManyBytesError:
            return APIError(.contentTooLarge, code: "too-large", "the request body is over the limit")
        case let error as HTTPError where error.status == .notFound && error.body == nil:
            let allowed = APIRoutes.methods(path: path)
            guard allowed.isEmpty else {
                var answer = APIError(
                    .methodNotAllowed, code: "method-not-allowed", "\(path) answers \(allowed.joined(separator: ", "))")
                answer.allow = allowed
                return answer
            }
            return APIError(.notFound, code: "no-route", "no such route (see docs/http-api.md)")
        case let error as HTTPError:
            let code =
                switch error.status {
                case .notFound: "not-found"
                case .methodNotAllowed: "method-not-allowed"
                case .badRequest: "bad-request"
                default: "http-\(error.status.code)"
                }
            return APIError(error.status, code: code, error.body ?? error.status.reasonPhrase)
        default:
            return APIError(.internalServerError, code: "internal", "the server could not answer: \(error)")
        }
    }
}

/// Requires `Authorization: Bearer TOKEN` on every route but the health and readiness probes; the token is
/// compared in constant time.
struct BearerTokenMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let token: [UInt8]

    init(token: String) { self.token = Array(token.utf8) }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let path = request.uri.path
        if path == "/healthz" || path == "/readyz" { return try await next(request, context) }
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer "),
            Self.equal(Array(header.utf8.dropFirst(7)), token)
        else {
            throw APIError(.unauthorized, code: "unauthorized", "a valid 'Authorization: Bearer TOKEN' is required")
        }
        return try await next(request, context)
    }

    /// Whether two byte strings are equal, in time that depends on their lengths only.
    static func equal(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count) | (a.count == b.count ? 0 : 1)
        for index in 0..<max(a.count, b.count) {
            difference |= (index < a.count ? a[index] : 0) ^ (index < b.count ? b[index] : 0)
        }
        return difference == 0
    }
}
