import Foundation
import NearDupTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A `neardup serve` process on a temporary state folder and a free loopback port, for integration tests.
final class ServerProcess: @unchecked Sendable {
    let folder: TemporaryFolder
    let process = Process()
    let outputPath: String
    private(set) var port = 0
    var state: String { folder.file("state") }

    static var executable: URL { NearDupBinary.url }

    /// `fileSizeLimit` (KiB) runs the server under `ulimit -f`, so that the state log's appends fail as on a full
    /// disk.
    init(folder: TemporaryFolder, extra: [String] = [], logName: String = "server.log", fileSizeLimit: Int? = nil)
        throws
    {
        self.folder = folder
        outputPath = folder.file(logName)
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        let arguments = ["serve", "--state", folder.file("state"), "--listen", "127.0.0.1:0"] + extra
        if let fileSizeLimit {
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments =
                ["-c", "trap '' XFSZ; ulimit -f \(fileSizeLimit); exec \"$0\" \"$@\"", Self.executable.path]
                + arguments
        } else {
            process.executableURL = Self.executable
            process.arguments = arguments
        }
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.standardOutput = output
        process.standardError = output
    }

    /// Starts the process and waits until it says which port it listens on and `/readyz` answers 200.
    func start(timeout: Double = 30) throws {
        try process.run()
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if port == 0, let line = log.split(separator: "\n").first(where: { $0.contains("listening on http://") }),
                let number = Int(line.split(separator: ":").last ?? "")
            {
                port = number
            }
            if port != 0, (try? request("GET", "/readyz").status) == 200 { return }
            guard process.isRunning else { throw HTTPFailure("the server exited: \(log)") }
            usleep(50_000)
        }
        throw HTTPFailure("the server did not become ready: \(log)")
    }

    var log: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    func terminate() -> Int32 { process.terminateAndWait() }

    func kill9() { process.killAndWait() }

    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
        var object: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body)) as? [String: Any]) ?? [:] }
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    struct HTTPFailure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// One HTTP/1.1 request over a new loopback connection (`Connection: close`), read to the end.
    func request(_ method: String, _ path: String, body: [UInt8]? = nil, type: String = "application/json")
        throws -> Answer
    {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw HTTPFailure("socket: \(errno)") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else { throw HTTPFailure("connect: \(errno)") }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        if let body { head += "Content-Type: \(type)\r\nContent-Length: \(body.count)\r\n" }
        let bytes = Array((head + "\r\n").utf8) + (body ?? [])
        var sent = 0
        while sent < bytes.count {
            let count = bytes.withUnsafeBytes { send(socket, $0.baseAddress! + sent, $0.count - sent, 0) }
            guard count > 0 else { throw HTTPFailure("send: \(errno)") }
            sent += count
        }
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        let separator: [UInt8] = [13, 10, 13, 10]
        guard let end = (0..<max(0, received.count - 3)).first(where: { Array(received[$0..<$0 + 4]) == separator })
        else { throw HTTPFailure("no response head in \(received.count) bytes") }
        let lines = String(decoding: received[0..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let status = Int(lines[0].split(separator: " ")[1]) ?? 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(
                in: .whitespaces)
        }
        var body = Array(received[(end + 4)...])
        if headers["transfer-encoding"] == "chunked" { body = Self.unchunked(body) }
        return Answer(status: status, headers: headers, body: body)
    }

    private static func unchunked(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = (index..<bytes.count - 1).first(where: { bytes[$0] == 13 && bytes[$0 + 1] == 10 }),
                let size = Int(String(decoding: bytes[index..<lineEnd], as: UTF8.self), radix: 16), size > 0
            else { break }
            output += bytes[(lineEnd + 2)..<min(bytes.count, lineEnd + 2 + size)]
            index = lineEnd + 2 + size + 2
        }
        return output
    }

    func post(_ path: String, json object: [String: String]) throws -> Answer {
        try request("POST", path, body: Array(try JSONSerialization.data(withJSONObject: object)))
    }
}
