import NearDupCore
import NearDupWatch

/// Everything `neardup serve` is told.
public struct ServerOptions: Sendable {
    public var stateFolder: String
    /// Address and port to listen on; port 0 takes a free one (the server says which).
    public var host = "127.0.0.1"
    public var port = 8080
    /// The bearer token every request but `/healthz` and `/readyz` must carry; nil: none needed (loopback only).
    public var token: String?
    /// Largest request body, in bytes; a larger one is refused with 413 before it is read whole.
    public var maximumBytes = 10 << 20
    /// Most documents and results `limit` may ask for.
    public var maximumLimit = 1000
    public var configuration = Configuration()
    /// Documents posted longer ago than this many seconds leave the index (nil: keep all).
    public var window: Double?
    public var jobs = 1
    public var onDamage = DamagePolicy.refuse
    /// Where the live index keeps its fingerprints.
    public var fingerprints = FingerprintPlacement.memory
    /// Seconds between index checkpoints (also written at shutdown).
    public var checkpointInterval = 60.0
    /// Events kept for `GET /v1/clusters?since=`.
    public var retainedEvents = 100_000
    /// Also watch an inbox into the same state (`neardup serve --inbox`); its state folder, engine options and
    /// window are this server's.
    public var watch: WatchOptions?

    public init(stateFolder: String) {
        self.stateFolder = stateFolder
    }

    /// Whether the address is a loopback one (127.0.0.0/8, ::1, localhost), where no token is required.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host == "[::1]" || host.hasPrefix("127.")
    }
}
