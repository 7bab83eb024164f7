import Foundation
import NearDupTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the built `neardup serve` on a random loopback port.
@Suite("neardup serve", .serialized)
struct ServeIntegrationTests {
    static let seed003 = TestServer.seeds.first { $0.id.hasPrefix("003") }!

    /// The check of seed 003 without its timing, which differs from run to run.
    static func checkOf003(_ server: ServerProcess) throws -> String {
        let answer = try server.post("/v1/check", json: ["text": seed003.text])
        #expect(answer.status == 200, "\(answer.text)")
        return answer.text.replacingOccurrences(of: #""tookMs":[0-9.e-]+"#, with: "", options: .regularExpression)
    }

    @Test func theSeedsAreAnsweredAndTheAnswersSurviveAKill() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let server = try ServerProcess(folder: folder)
        try server.start()
        for seed in TestServer.seeds where !seed.id.hasPrefix("003") {
            let answer = try server.post("/v1/documents", json: ["id": seed.id, "text": seed.text])
            #expect(answer.status == 201, "\(answer.text)")
        }
        // 003 against the other four: 004 is a reprint with matched paragraphs; the other outlets are not matches.
        let check = try server.post("/v1/check", json: ["text": Self.seed003.text]).object
        #expect(check["verdict"] as? String == "reprint")
        let matches = check["matches"] as? [[String: Any]] ?? []
        #expect(matches.compactMap { $0["id"] as? String } == ["004_9d74470b06875570"])
        #expect(((matches.first?["evidence"] as? [String: Any])?["matches"] as? [Any])?.isEmpty == false)
        for other in ["000", "001", "002"] {
            #expect(!matches.contains { ($0["id"] as? String)?.hasPrefix(other) == true })
        }
        let lines = try server.request(
            "POST", "/v1/documents",
            body: Array(
                #"{"id":"extra/1","text":"A short note about the weather in the valley today and tomorrow morning."}"#
                    .utf8), type: "application/x-ndjson")
        #expect(lines.status == 201)
        #expect(try server.request("DELETE", "/v1/documents/000_abf67590de380111").status == 204)
        let before = try Self.checkOf003(server)
        let described = try server.request("GET", "/v1/documents/004_9d74470b06875570").text
        let slashed = try server.request("GET", "/v1/documents/extra%2F1")
        #expect(slashed.status == 200 && slashed.object["id"] as? String == "extra/1")

        // Acknowledged writes are in the flushed state log: a kill loses none of them.
        server.kill9()
        let restarted = try ServerProcess(folder: folder, logName: "server-2.log")
        try restarted.start()
        #expect(try Self.checkOf003(restarted) == before)
        #expect(try restarted.request("GET", "/v1/documents/004_9d74470b06875570").text == described)
        #expect(try restarted.request("GET", "/v1/documents/000_abf67590de380111").status == 404)
        #expect(try restarted.request("GET", "/v1/documents/extra/1").status == 200)
        let again = try restarted.post(
            "/v1/documents", json: ["id": TestServer.seeds[1].id, "text": TestServer.seeds[1].text])
        #expect(again.status == 200 && again.object["status"] as? String == "unchanged")

        // SIGTERM: requests finish, a checkpoint is written, exit 0; the next start loads it.
        #expect(restarted.terminate() == 0, "\(restarted.log)")
        #expect(FileManager.default.fileExists(atPath: folder.file("state/state.checkpoint")))
        let third = try ServerProcess(folder: folder, logName: "server-3.log")
        try third.start()
        #expect(third.log.contains("checkpoint=batch"), "\(third.log)")
        #expect(try Self.checkOf003(third) == before)
        #expect(third.terminate() == 0)
    }

    @Test func aFullDiskRefusesWritesWith503WhileReadsGoOn() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let server = try ServerProcess(folder: folder, fileSizeLimit: 48)
        try server.start()
        var acknowledged: [String] = []
        var refused: [String] = []
        for round in 0..<40 {
            let seed = TestServer.seeds[round % TestServer.seeds.count]
            let id = "copy-\(round)"
            let answer = try server.post("/v1/documents", json: ["id": id, "text": seed.text + "\nround \(round)"])
            if answer.status == 201 {
                acknowledged.append(id)
            } else {
                #expect(answer.status == 503, "\(answer.text)")
                #expect((answer.object["error"] as? [String: Any])?["code"] as? String == "unavailable")
                refused.append(id)
            }
        }
        #expect(
            !acknowledged.isEmpty && !refused.isEmpty, "acknowledged \(acknowledged.count), refused \(refused.count)")
        // Reads go on.
        #expect(try server.post("/v1/check", json: ["text": Self.seed003.text]).status == 200)
        #expect(try server.request("GET", "/v1/documents/\(acknowledged[0])").status == 200)
        #expect(try server.request("GET", "/healthz").status == 200)
        _ = server.terminate()
        // Without the limit: every acknowledged document is there, no refused one is.
        let restarted = try ServerProcess(folder: folder, logName: "server-2.log")
        try restarted.start()
        for id in acknowledged { #expect(try restarted.request("GET", "/v1/documents/\(id)").status == 200) }
        for id in refused { #expect(try restarted.request("GET", "/v1/documents/\(id)").status == 404) }
        #expect(restarted.terminate() == 0)
    }

    @Test func aSecondProcessOnTheSameStateIsRefusedAndOpenListeningNeedsAToken() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let server = try ServerProcess(folder: folder)
        try server.start()
        let second = try ServerProcess(folder: folder, logName: "second.log")
        try second.process.run()
        second.process.waitUntilExit()
        #expect(second.process.terminationStatus != 0)
        #expect(second.log.contains("another neardup process is using this state folder"), "\(second.log)")
        #expect(server.terminate() == 0)

        let open = try ServerProcess(folder: folder, extra: ["--listen", "0.0.0.0:0"], logName: "open.log")
        try open.process.run()
        open.process.waitUntilExit()
        #expect(open.process.terminationStatus == 64)
        #expect(open.log.contains("--token-file"), "\(open.log)")
    }

    @Test func withAnInboxFilesAndPostsShareOneIndexAndOneJournal() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let inbox = folder.file("inbox")
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        let server = try ServerProcess(
            folder: folder,
            extra: [
                "--inbox", inbox, "--reports", folder.file("reports"), "--report-interval", "0", "--settle", "0.2",
                "--snapshot-interval", "0.2",
            ])
        try server.start()
        // 004 over HTTP, 003 (its other version) as a file: one cluster, whoever brought them.
        let seed004 = TestServer.seeds.first { $0.id.hasPrefix("004") }!
        #expect(try server.post("/v1/documents", json: ["id": "bbc-004", "text": seed004.text]).status == 201)
        try Data(Self.seed003.text.utf8).write(to: URL(fileURLWithPath: inbox + "/.003.tmp"))
        #expect(rename(inbox + "/.003.tmp", inbox + "/bbc-003.txt") == 0)
        var placed: [String: Any] = [:]
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            placed = try server.request("GET", "/v1/documents/bbc-003").object
            if placed["cluster"] != nil { break }
            usleep(50_000)
        }
        #expect(placed["kind"] as? String == "reprint", "\(server.log)")
        #expect(placed["via"] as? String == "bbc-004")
        let httpCluster = try server.request("GET", "/v1/documents/bbc-004").object["cluster"] as? String
        #expect(placed["cluster"] as? String == httpCluster)
        // The same file again is not ingested twice; the same post again changes nothing.
        #expect(try server.post("/v1/documents", json: ["id": "bbc-004", "text": seed004.text]).status == 200)
        #expect(server.terminate() == 0, "\(server.log)")
        // The journal holds the events of both ways in.
        let journal = try FileManager.default.contentsOfDirectory(atPath: folder.file("reports"))
            .filter { $0.hasPrefix("events-") }
        #expect(journal.count == 1)
        let unzip = Process()
        unzip.executableURL = URL(fileURLWithPath: "/bin/sh")
        unzip.arguments = ["-c", "gzip -dc \"$0\"", folder.file("reports/" + journal[0])]
        let pipe = Pipe()
        unzip.standardOutput = pipe
        try unzip.run()
        let events = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        unzip.waitUntilExit()
        #expect(events.contains(#""document":"bbc-004","kind":"canonical","type":"added""#), "\(events)")
        #expect(events.contains(#""document":"bbc-003","kind":"reprint","type":"added""#), "\(events)")
        #expect(FileManager.default.fileExists(atPath: folder.file("reports/latest.json.gz")))
    }

    @Test func badStartsAreRefusedWithAReason() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        func run(_ extra: [String], log: String) throws -> (Int32, String) {
            let server = try ServerProcess(folder: folder, extra: extra, logName: log)
            try server.process.run()
            server.process.waitUntilExit()
            return (server.process.terminationStatus, server.log)
        }
        try folder.write("short-token", "abc\n")
        var (status, log) = try run(["--token-file", folder.file("short-token")], log: "short.log")
        #expect(status == 1 && log.contains("at least 16 characters"), "\(log)")
        (status, log) = try run(["--token-file", folder.file("missing")], log: "missing.log")
        #expect(status == 1 && log.contains("cannot read the token file"), "\(log)")
        (status, log) = try run(["--inbox", folder.file("inbox")], log: "inbox.log")
        #expect(status == 64 && log.contains("--inbox needs --reports"), "\(log)")
    }

    @Test func aServerWhoseInboxDisappearsStopsWithAnError() throws {
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let inbox = folder.file("inbox")
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        let server = try ServerProcess(folder: folder, extra: ["--inbox", inbox, "--reports", folder.file("reports")])
        try server.start()
        #expect(try server.post("/v1/documents", json: ["id": "a", "text": Self.seed003.text]).status == 201)
        try FileManager.default.removeItem(atPath: inbox)
        let deadline = Date().addingTimeInterval(20)
        while server.process.isRunning && Date() < deadline { usleep(50_000) }
        #expect(!server.process.isRunning)
        if !server.process.isRunning {
            #expect(server.process.terminationStatus == 1, "\(server.log)")
        } else {
            _ = server.terminate()
        }
        #expect(server.log.contains("the inbox was deleted or moved away"), "\(server.log)")
        // What was acknowledged is in the state: the next start has it.
        let restarted = try ServerProcess(folder: folder, logName: "server-2.log")
        try restarted.start()
        #expect(try restarted.request("GET", "/v1/documents/a").status == 200)
        #expect(restarted.terminate() == 0)
    }
}
