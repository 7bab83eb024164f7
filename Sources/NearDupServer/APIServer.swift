import Hummingbird
import Logging
import NIOCore

/// `neardup serve`: the HTTP API and the index service in one application, under swift-service-lifecycle.
///
/// SIGTERM or SIGINT stops accepting connections, lets the requests in flight finish (the HTTP server shuts down
/// first), then the index service finishes its waiting writes and writes a last checkpoint; the process exits 0.
public enum APIServer {
    /// The application for `options`; `onListening` is told the address and port once the socket is bound. With
    /// `runsService` false the caller opens and closes the index service itself (in-process tests).
    public static func application(
        service: IndexService, logger: Logger, runsService: Bool = true,
        onListening: @escaping @Sendable (String, Int) -> Void = { _, _ in }
    ) -> some ApplicationProtocol {
        let options = service.options
        return Application(
            router: APIRoutes(service: service).router(),
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "neardup"),
            services: runsService ? [service] : [],
            onServerRunning: { channel in
                onListening(options.host, channel.localAddress?.port ?? options.port)
            },
            logger: logger)
    }

    /// Runs until SIGTERM or SIGINT.
    public static func run(
        options: ServerOptions, logger: Logger, onListening: @escaping @Sendable (String, Int) -> Void
    ) async throws {
        let service = IndexService(options: options, logger: logger)
        try await application(service: service, logger: logger, onListening: onListening).runService()
    }
}
