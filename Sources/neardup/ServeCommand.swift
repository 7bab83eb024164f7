import ArgumentParser
import Foundation
import Logging
import NearDupIO
import NearDupServer
import NearDupWatch
import Synchronization

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Answer \"is this a reprint, and of what?\" over HTTP, on a live index in a state folder.",
        discussion: """
            Endpoints: POST /v1/check, POST /v1/documents (JSON or JSON Lines), GET and DELETE \
            /v1/documents/{id}, GET /v1/clusters/{id}, GET /v1/clusters?since=SEQ, GET /metrics, GET /healthz, \
            GET /readyz (docs/http-api.md). The state folder is the one `neardup watch` uses, and the same lock \
            keeps a second process out; with --inbox the server also ingests an inbox into it, as watch does. \
            Writes are in the state log (flushed) before they are answered. SIGTERM or SIGINT lets requests in \
            flight finish, stops the inbox daemon after its batch, writes a checkpoint and exits 0.
            """)

    @Option(help: "Address and port to listen on (HOST:PORT; port 0 takes a free one).")
    var listen = "127.0.0.1:8080"

    @Option(help: "File holding the bearer token that requests must carry; required to listen beyond loopback.")
    var tokenFile: String?

    @Option(help: "Also ingest the files that land in this folder, as `neardup watch` does (needs --reports).")
    var inbox: String?

    @Option(help: "With --inbox: folder for the event journal and the reports (created if missing).")
    var reports: String?

    @OptionGroup var state: StateOptions
    @OptionGroup(title: "With --inbox") var inboxOptions: InboxOptions
    @OptionGroup var input: InputOptions
    @OptionGroup var engine: EngineOptions

    @Option(help: "Log level (trace, debug, info, notice, warning, error).")
    var logLevel: Logger.Level = .info

    func validate() throws {
        let (host, _) = try address()
        if !ServerOptions.isLoopback(host) && tokenFile == nil {
            throw ValidationError("--listen \(listen) is not a loopback address: give --token-file")
        }
        if inbox != nil && reports == nil { throw ValidationError("--inbox needs --reports") }
    }

    /// `HOST:PORT` or `[IPv6]:PORT`.
    func address() throws -> (String, Int) {
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
            (0...65_535).contains(port)
        else { throw ValidationError("--listen takes HOST:PORT, e.g. 127.0.0.1:8080") }
        var host = String(listen[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ValidationError("--listen takes HOST:PORT, e.g. 127.0.0.1:8080") }
        return (host, port)
    }

    /// The root command stays synchronous: `neardup watch` blocks SIGTERM before any other thread exists, which an
    /// asynchronous main would not allow. The server runs on the concurrency pool while this thread waits.
    func run() throws {
        let outcome = Mutex<Result<Void, any Error>>(.success(()))
        let finished = DispatchSemaphore(value: 0)
        Task.detached {
            do {
                try await serve()
            } catch {
                outcome.withLock { $0 = .failure(error) }
            }
            finished.signal()
        }
        finished.wait()
        try outcome.withLock { $0 }.get()
    }

    func serve() async throws {
        var logger = Logger(label: "neardup.serve")
        logger.logLevel = logLevel
        var options = ServerOptions(stateFolder: state.folder)
        (options.host, options.port) = try address()
        if let tokenFile {
            guard let data = FileManager.default.contents(atPath: tokenFile) else {
                System.printError("neardup: cannot read the token file \(tokenFile)\n")
                throw ExitCode.failure
            }
            let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            guard token.utf8.count >= 16 else {
                System.printError("neardup: the token in \(tokenFile) must have at least 16 characters\n")
                throw ExitCode.failure
            }
            options.token = token
        }
        options.maximumBytes = input.maxBytes
        options.checkpointInterval = state.checkpointInterval
        options.window = state.window?.seconds
        options.onDamage = state.onDamage
        options.fingerprints = state.fingerprints
        options.jobs = input.jobs
        options.configuration = engine.configuration
        if let inbox, let reports {
            options.watch = try inboxOptions.watchOptions(
                inbox: inbox, reports: reports, state: state, input: input, engine: engine)
        }
        do {
            try await APIServer.run(options: options, logger: logger) { host, port in
                let shown = host.contains(":") ? "[\(host)]" : host
                // Unbuffered: a supervisor or a test reads the port from this line.
                FileHandle.standardOutput.write(Data("neardup serve: listening on http://\(shown):\(port)\n".utf8))
            }
        } catch let error as IOError {
            System.printError("neardup: \(error)\n")
            throw error.code == .damaged ? ExitCode(3) : ExitCode.failure
        }
    }
}
