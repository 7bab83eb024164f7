import Metrics
import Prometheus
import Synchronization

/// The server's metrics, through swift-metrics into a Prometheus registry of its own (no global bootstrap, so that
/// several servers in one test process keep their counts apart). `GET /metrics` prints the registry.
final class ServerMetrics: Sendable {
    let registry = PrometheusCollectorRegistry()
    private let factory: PrometheusMetricsFactory
    private let documents: Metrics.Gauge
    private let clusters: Metrics.Gauge
    private let checkpointAge: Metrics.Gauge
    private let batches: Metrics.Counter
    private let batchDocuments: Metrics.Counter
    private let handlers = Mutex<[String: (Metrics.Counter, Metrics.Timer)]>([:])
    private let rejections = Mutex<[String: Metrics.Counter]>([:])

    init() {
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = [
            .microseconds(250), .microseconds(500), .milliseconds(1), .milliseconds(2), .milliseconds(5),
            .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100), .milliseconds(250),
            .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10),
        ]
        self.factory = factory
        documents = Metrics.Gauge(label: "neardup_documents", factory: factory)
        clusters = Metrics.Gauge(label: "neardup_clusters", factory: factory)
        checkpointAge = Metrics.Gauge(label: "neardup_checkpoint_age_seconds", factory: factory)
        batches = Metrics.Counter(label: "neardup_ingest_batches_total", factory: factory)
        batchDocuments = Metrics.Counter(label: "neardup_ingested_documents_total", factory: factory)
    }

    /// One answered request: counted by endpoint, method and status, timed by endpoint and method.
    func request(endpoint: String, method: String, status: Int, duration: Duration) {
        let (counter, timer) = handlers.withLock { table in
            let key = "\(method) \(endpoint) \(status)"
            if let found = table[key] { return found }
            let made = (
                Metrics.Counter(
                    label: "neardup_http_requests_total",
                    dimensions: [("endpoint", endpoint), ("method", method), ("status", String(status))],
                    factory: factory),
                Metrics.Timer(
                    label: "neardup_http_request_duration_seconds",
                    dimensions: [("endpoint", endpoint), ("method", method)], factory: factory)
            )
            table[key] = made
            return made
        }
        counter.increment()
        timer.recordNanoseconds(
            duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// A batch committed to the state log.
    func batch(documents count: Int) {
        batches.increment()
        batchDocuments.increment(by: count)
    }

    /// An input refused (by reason: `binary`, `empty`, `bad-json`…).
    func rejected(_ reason: String) {
        let counter = rejections.withLock { table in
            if let found = table[reason] { return found }
            let made = Metrics.Counter(
                label: "neardup_rejected_inputs_total", dimensions: [("reason", reason)], factory: factory)
            table[reason] = made
            return made
        }
        counter.increment()
    }

    /// Sets the gauges that describe the index.
    func index(documents: Int, clusters: Int, checkpointAge: Double?) {
        self.documents.record(documents)
        self.clusters.record(clusters)
        if let checkpointAge { self.checkpointAge.record(checkpointAge) }
    }

    /// The Prometheus text exposition.
    func exposition() -> [UInt8] { registry.emitToBuffer() }
}
