import Foundation

/// The built `neardup` executable that integration tests run: `NEARDUP_BIN`, or the one SwiftPM builds beside the
/// test bundle (the test targets depend on it), or `.build/debug/neardup`.
public enum NearDupBinary {
    public static let url: URL = {
        if let override = ProcessInfo.processInfo.environment["NEARDUP_BIN"] { return URL(fileURLWithPath: override) }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidates = [
            Bundle.main.bundleURL.appendingPathComponent("neardup"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("neardup"),
            root.appendingPathComponent(".build/debug/neardup"),
            root.appendingPathComponent(".build/release/neardup"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) } ?? candidates[0]
    }()
}
