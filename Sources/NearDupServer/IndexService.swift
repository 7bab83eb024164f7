import Dispatch
import Foundation
import Logging
import NearDupCore
import NearDupIO
import NearDupWatch
import ServiceLifecycle
import Synchronization

/// The live index behind the HTTP API: a state folder (`StateHost`, the watch daemon's), shared by the request
/// handlers.
///
/// Reads (`check`, `document`, `cluster`) share the lock for as long as they look, on both cores at once; a change
/// takes it alone and decides and commits in one turn of it, so the decisions a batch makes (which ids are new, which texts were seen) hold until it is
/// applied. Writes are grouped: whatever requests are waiting when the serial write queue comes round become one
/// batch of the state log, flushed once, and each request is answered only after that flush (durable before
/// acknowledged). With `options.watch` a watch daemon ingests an inbox into the same state (`StateAccess`), on a
/// thread of its own and under the same lock; its journal gets the events of both.
///
/// As a `Service` it loads the state in the background (`/readyz` says when it is done), evicts documents that
/// leave the window and writes checkpoints while it runs, and at graceful shutdown stops the daemon, finishes the
/// waiting writes and writes a last checkpoint.
public final class IndexService: Service, StateAccess, Sendable {
    public let options: ServerOptions
    let metrics: ServerMetrics
    let feed: EventFeed
    private let logger: Logger
    /// The opened state folder, nil until loaded; read under `lock` shared (`reading`), changed under it alone
    /// (`locked`).
    nonisolated(unsafe) private var host: StateHost?
    private let lock = ReadWriteLock()
    private let queue = DispatchQueue(label: "neardup.index")
    private let pending = Mutex<[Work]>([])
    private let lastCheckpoint = Mutex<Double>(-.infinity)
    /// Whether requests are answered: the state is loaded and (with an inbox) the daemon listens to its events.
    /// Kept apart from the lock, so that a probe never waits for a batch.
    private let ready = Mutex(false)
    /// Where reads wait for the lock and run: not the cooperative threads (two here), which a long batch or an
    /// online compaction holding the lock would otherwise block, every route with them.
    private let readers = DispatchQueue(label: "neardup.readers", attributes: .concurrent)

    public init(options: ServerOptions, logger: Logger) {
        self.options = options
        self.logger = logger
        metrics = ServerMetrics()
        feed = EventFeed(capacity: options.retainedEvents, startedAt: StateHost.now())
    }

    /// Runs `body` with the state, excluding every other user.
    private func locked<T>(_ body: (inout StateHost?) throws -> T) rethrows -> T {
        try lock.writing { try body(&host) }
    }

    /// Runs `body` with the state, beside other readers; `body` must not change it.
    private func reading<T>(_ body: (StateHost?) throws -> T) rethrows -> T {
        try lock.reading { try body(host) }
    }

    /// Whether the state is loaded and requests are answered.
    public var isReady: Bool { ready.withLock { $0 } }

    public func run() async throws {
        try await open()
        let daemon = options.watch.map { startDaemon($0) }
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try await Task.sleep(for: .seconds(1))
                if daemon?.finished == true { return }
                await self.onQueue { self.maintain(now: StateHost.now()) }
            }
        }
        var failure: (any Error)?
        if let daemon {
            daemon.stop.request()
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    daemon.done.wait()
                    continuation.resume()
                }
            }
            if case .failure(let error) = daemon.outcome.withLock({ $0 }) { failure = error }
        }
        await close()
        if let failure { throw failure }
    }

    /// A watch daemon running on a thread of its own, on this state.
    private final class DaemonRun: Sendable {
        let stop = StopRequest()
        let done = DispatchSemaphore(value: 0)
        let outcome = Mutex<Result<Int32, any Error>?>(nil)
        var finished: Bool { outcome.withLock { $0 != nil } }
    }

    private func startDaemon(_ watch: WatchOptions) -> DaemonRun {
        let run = DaemonRun()
        let thread = Thread { [self] in
            let daemon = WatchDaemon(
                options: watch, logger: logger, shared: self, stop: run.stop,
                // Posts are let in once their events reach the daemon's journal too.
                onAttached: { self.ready.withLock { $0 = true } })
            let outcome = Result { try daemon.run() }
            if case .failure(let error) = outcome { logger.error("the inbox daemon stopped: \(error)") }
            run.outcome.withLock { $0 = outcome }
            run.done.signal()
        }
        thread.name = "neardup.inbox"
        thread.start()
        return run
    }

    /// The loaded state, for the watch daemon (`StateAccess`); only between `open()` and `close()`.
    public func withState<Result>(_ body: (StateHost) throws -> Result) rethrows -> Result {
        try locked { host in try body(host!) }
    }

    /// Loads the state folder (off the cooperative threads: a large checkpoint takes seconds).
    public func open() async throws { try await onQueue { try self.load() } }

    /// Answers the writes still waiting, writes a last checkpoint and lets go of the state folder.
    public func close() async {
        await onQueue {
            self.drain()
            self.ready.withLock { $0 = false }
            self.locked { host in
                host?.finalCheckpoint()
                self.logger.notice("index closed", metadata: ["documents": "\(host?.core.documents ?? 0)"])
                host = nil
            }
        }
    }

    private func load() throws {
        guard locked({ $0 == nil }) else { return }
        let opened = try StateHost(
            folder: options.stateFolder, configuration: options.configuration, window: options.window,
            jobs: options.jobs, onDamage: options.onDamage, fingerprints: options.fingerprints, logger: logger)
        let resumed = opened.resumedFromCheckpoint
        opened.observe { [feed, metrics] events in
            feed.append(events)
            // A batch that added documents, from a post or (with --inbox) from files.
            let added = events.count { if case .added = $0 { true } else { false } }
            if added > 0 { metrics.batch(documents: added) }
        }
        locked { $0 = opened }
        lastCheckpoint.withLock { $0 = resumed ? StateHost.now() : -.infinity }
        if options.watch == nil { ready.withLock { $0 = true } }
    }

    /// Evicts what left the window and starts a checkpoint when one is due.
    private func maintain(now: Double) {
        let due = lastCheckpoint.withLock { now >= $0 + options.checkpointInterval }
        locked { host in
            guard let host else { return }
            if options.window != nil { host.evict(now: now) }
            if due && host.startCheckpoint() { lastCheckpoint.withLock { $0 = now } }
        }
    }

    private func onQueue<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try body() }) }
        }
    }

    private func onQueue<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in queue.async { continuation.resume(returning: body()) } }
    }

    // MARK: Reads

    /// Runs `body` on the loaded state, beside other reads, on a reader thread; `starting` before it is ready.
    func read<T: Sendable>(_ body: @escaping @Sendable (borrowing WatchCore) throws(APIError) -> T)
        async throws(APIError) -> T
    {
        guard isReady else { throw .starting }
        let result: Result<T, APIError> = await withCheckedContinuation { continuation in
            readers.async {
                continuation.resume(
                    returning: self.reading { host in
                        guard let host else { return .failure(.starting) }
                        do throws(APIError) {
                            return .success(try body(host.core))
                        } catch {
                            return .failure(error)
                        }
                    })
            }
        }
        return try result.get()
    }

    /// Index figures for the metrics; nil (the gauges keep their last values) while a batch holds the index, so
    /// that a scrape never waits.
    func figures() -> (documents: Int, clusters: Int, checkpointAge: Double?)? {
        let figures = lock.tryReading { host.map { ($0.core.activeDocuments, $0.core.clusterCount) } }
        guard let figures = figures ?? nil else { return nil }
        let last = lastCheckpoint.withLock { $0 }
        return (figures.0, figures.1, last.isFinite ? StateHost.now() - last : nil)
    }

    // MARK: Writes

    /// A document ready to be stored: what was posted, its fingerprint and the hash of its text.
    struct Prepared: Sendable {
        var posted: PostedDocument
        var fingerprint: DocumentFingerprint
        var contentHash: UInt64
    }

    /// What became of one posted document.
    enum Outcome: Sendable {
        /// Stored as `id` (a new document, or a new version `id~N` of a used id); its description.
        case created(id: String, json: [UInt8])
        /// The same id with the same text is stored already: nothing changed.
        case unchanged(id: String, json: [UInt8])
        case failed(APIError)
    }

    private enum Work: Sendable {
        case documents([Prepared], CheckedContinuation<[Outcome], Never>)
        case delete(String, CheckedContinuation<Result<Void, APIError>, Never>)
    }

    /// Stores documents (after the state log holds them) and says what became of each.
    func add(_ documents: [Prepared]) async -> [Outcome] {
        await withCheckedContinuation { continuation in submit(.documents(documents, continuation)) }
    }

    /// Deletes a document: it leaves the index, its cluster is re-decided, and a `deleted` event says so.
    func delete(_ id: String) async -> Result<Void, APIError> {
        await withCheckedContinuation { continuation in submit(.delete(id, continuation)) }
    }

    private func submit(_ work: Work) {
        pending.withLock { $0.append(work) }
        queue.async { self.drain() }
    }

    /// Takes every waiting request and commits them as one batch.
    private func drain() {
        let works = pending.withLock { works in
            defer { works = [] }
            return works
        }
        guard !works.isEmpty else { return }
        let now = StateHost.now()
        var documentOutcomes: [[Outcome]] = []
        var deleteOutcomes: [Result<Void, APIError>] = []
        let isReady = self.isReady
        locked { host in
            guard isReady, let host else {
                documentOutcomes = works.map { work in
                    if case .documents(let documents, _) = work {
                        return Array(repeating: .failed(.starting), count: documents.count)
                    }
                    return []
                }
                deleteOutcomes = works.map { _ in .failure(.starting) }
                return
            }
            var records: [StateRecord] = []
            var taken = Set<String>()
            var inBatch: [IngestionKey: String] = [:]
            var sequence = host.core.nextSequence
            var plans: [[(id: String, isNew: Bool)]] = []
            var deletions: [Result<Void, APIError>] = []
            for work in works {
                switch work {
                case .documents(let documents, _):
                    var plan: [(String, Bool)] = []
                    for document in documents {
                        let key = IngestionKey(name: document.posted.id, contentHash: document.contentHash)
                        if let id = inBatch[key] {
                            plan.append((id, false))
                            continue
                        }
                        if let id = host.core.version(of: document.posted.id, contentHash: document.contentHash) {
                            plan.append((id, false))
                            continue
                        }
                        let id = host.core.uniqueID(document.posted.id, taken: taken)
                        taken.insert(id)
                        inBatch[key] = id
                        records.append(
                            .document(
                                sequence: sequence, id: id, origin: ReportPage.postedOrigin, ingestedAt: now,
                                fingerprint: document.fingerprint))
                        records.append(
                            .submitted(
                                DocumentSubmission(
                                    id: id, requestedID: document.posted.id, contentHash: document.contentHash,
                                    source: document.posted.source, publishedAt: document.posted.publishedAt)))
                        sequence += 1
                        plan.append((id, true))
                    }
                    plans.append(plan)
                    deletions.append(.success(()))
                case .delete(let id, _):
                    plans.append([])
                    switch host.core.document(id) {
                    case .some(let document) where !document.deleted && !taken.contains(id):
                        records.append(.removed(id: id, at: now))
                        taken.insert(id)
                        deletions.append(.success(()))
                    case .some:
                        deletions.append(.failure(.notFound("document \(id) was deleted")))
                    case .none:
                        deletions.append(.failure(.notFound("no document \(id)")))
                    }
                }
            }
            if !records.isEmpty {
                do {
                    try host.commit(records, now: now)
                } catch {
                    logger.error("cannot write the state log, batch refused: \(error)")
                    let refusal = APIError(
                        .serviceUnavailable, code: "unavailable",
                        "cannot write the state log (\(error)); nothing was stored, try again later")
                    documentOutcomes = plans.map { plan in plan.map { _ in .failed(refusal) } }
                    deleteOutcomes = deletions.map { $0.flatMap { .failure(refusal) } }
                    return
                }
            }
            documentOutcomes = plans.map { plan in
                plan.map { id, isNew in
                    let json = DocumentJSON.describe(id, in: host.core)
                    return isNew ? .created(id: id, json: json) : .unchanged(id: id, json: json)
                }
            }
            deleteOutcomes = deletions
        }
        for (index, work) in works.enumerated() {
            switch work {
            case .documents(_, let continuation): continuation.resume(returning: documentOutcomes[index])
            case .delete(_, let continuation): continuation.resume(returning: deleteOutcomes[index])
            }
        }
    }
}
