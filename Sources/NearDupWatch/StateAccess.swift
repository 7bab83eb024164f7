import Synchronization

/// How the watch daemon reaches its state folder: on its own (`neardup watch`, which opened the folder and is its
/// only user), or shared with the HTTP server (`neardup serve --inbox`), which holds the state under a lock that
/// every user takes for each piece of work — reading, or deciding and committing a batch as one step.
public protocol StateAccess: AnyObject {
    /// Runs `body` with the state, excluding every other user of it meanwhile.
    func withState<Result>(_ body: (StateHost) throws -> Result) rethrows -> Result
}

/// A state folder the daemon alone uses, from its one thread.
final class OwnedState: StateAccess {
    let host: StateHost

    init(_ host: StateHost) { self.host = host }

    func withState<Result>(_ body: (StateHost) throws -> Result) rethrows -> Result { try body(host) }
}

/// A request to stop, made from another thread (the HTTP server's shutdown) and seen by the daemon's loop within
/// a second.
public final class StopRequest: Sendable {
    private let requested = Mutex(false)

    public init() {}

    public func request() { requested.withLock { $0 = true } }

    public var isRequested: Bool { requested.withLock { $0 } }
}
