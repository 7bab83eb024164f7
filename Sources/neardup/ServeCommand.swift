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
            keeps a second process out. Writes are in the state log (flushed) before they are answered. \
            SIGTERM or SIGINT lets requests in flight finish, writes a checkpoint and exits 0.
            """)

    @Option(help: "Folder for the durable state (created if missing).")
    var state: String

    @Option(help: "Address and port to listen on (HOST:PORT; port 0 takes a free one).")
    var listen = "127.0.0.1:8080"

    @Option(help: "File holding the bearer token that requests must carry; required to listen beyond loopback.")
    var tokenFile: String?

    @Option(help: "Largest request body in bytes; larger ones get 413.")
    var maxBytes = 10 << 20

    @Option(help: "Least seconds between index checkpoints, written in the background (and at stop).")
    var checkpointInterval = 60.0

    @Option(help: "Leave documents older than this out of the index, e.g. 7d or 12h (default: keep all).")
    var window: TimeSpan?

    @Option(help: "When the state log is damaged: refuse (start nothing) or salvage (keep every intact batch).")
    var onDamage: DamagePolicy = .refuse

    @Option(help: "Worker threads for re-verifying a large batch.")
    var jobs = System.coreCount

    @OptionGroup var engine: EngineOptions

    @Option(help: "Log level (trace, debug, info, notice, warning, error).")
    var logLevel: Logger.Level = .info

    func validate() throws {
        let (host, _) = try address()
        if !ServerOptions.isLoopback(host) && tokenFile == nil {
            throw ValidationError("--listen \(listen) is not a loopback address: give --token-file")
        }
        if maxBytes < 1 { throw ValidationError("--max-bytes must be at least 1") }
        if !(checkpointInterval >= 0) { throw ValidationError("--checkpoint-interval must not be negative") }
        if jobs < 1 { throw ValidationError("--jobs must be at least 1") }
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
        var options = ServerOptions(
            stateFolder: state.count > 1 && state.hasSuffix("/") ? String(state.dropLast()) : state)
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
        options.maximumBytes = maxBytes
        options.checkpointInterval = checkpointInterval
        options.window = window?.seconds
        options.onDamage = onDamage
        options.jobs = jobs
        options.configuration = engine.configuration
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
