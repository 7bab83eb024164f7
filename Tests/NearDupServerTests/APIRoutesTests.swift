import Foundation
import Hummingbird
import NIOCore
import NearDupServer
import NearDupTestSupport
import Synchronization
import Testing

/// The HTTP API in-process: routing, answers and every error path.
@Suite("HTTP API (in-process)")
struct APIRoutesTests {
    @Test func checkFindsTheOtherVersionOfTheBBCStoryAndStoresNothing() async throws {
        let server = try await TestServer.make()
        defer { server.folder.remove() }
        try await server.test { client in
            try await client.postSeeds(["000", "001", "002", "004"])
            let seed003 = TestServer.seeds.first { $0.id.hasPrefix("003") }!
            let response = try await client.post("/v1/check", json: ["text": seed003.text])
            #expect(response.status == .ok)
            let answer = response.object
            #expect(answer["verdict"] as? String == "reprint")
            let matches = try #require(answer["matches"] as? [[String: Any]])
            #expect(matches.map { $0["id"] as? String } == ["004_9d74470b06875570"])
            #expect(matches[0]["kind"] as? String == "reprint")
            #expect(answer["cluster"] as? String == matches[0]["cluster"] as? String)
            let evidence = try #require(matches[0]["evidence"] as? [String: Any])
            let paragraphs = try #require(evidence["matches"] as? [[String: Any]])
            #expect(paragraphs.count >= 15)
            // Byte ranges point into the two texts: the first match's range in 003 is a real paragraph of it.
            let bytes = try #require(paragraphs[0]["bytes"] as? [Int])
            #expect(bytes.count == 2 && bytes[0] < bytes[1] && bytes[1] <= seed003.text.utf8.count)
            #expect((evidence["jaccard"] as? Double).map { $0 > 0.2 && $0 < 0.5 } == true)
            #expect(answer["tookMs"] is Double)
            // The other outlets' stories are not among the matches (at most paragraph links).
            let links = (answer["paragraphLinks"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(!links.contains("004_9d74470b06875570"))
            // Nothing was stored: a check is a question.
            let changes = try await client.get("/v1/clusters")
            #expect(changes.object["documents"] as? Int == 4)
            // A text unlike any other is new.
            let new = try await client.post("/v1/check", json: ["text": "Completely unrelated words about gardening"])
            #expect(new.object["verdict"] as? String == "new")
            #expect(new.object["cluster"] is NSNull)
        }
    }

    @Test func postingIsIdempotentAndANewTextUnderAUsedIDIsANewVersion() async throws {
        let server = try await TestServer.make()
        defer { server.folder.remove() }
        try await server.test { client in
            let seed = TestServer.seeds[3]
            let document: [String: Any] = [
                "id": "story", "text": seed.text, "source": "bbc", "publishedAt": "2024-05-01T10:00:00Z",
            ]
            let first = try await client.post("/v1/documents", json: document)
            #expect(first.status == .created)
            #expect(first.object["status"] as? String == "created")
            #expect(first.object["id"] as? String == "story")
            let again = try await client.post("/v1/documents", json: document)
            #expect(again.status == .ok)
            #expect(again.object["status"] as? String == "unchanged")
            #expect(again.object["cluster"] as? String == first.object["cluster"] as? String)
            var edited = document
            // A shortened version: the full story stays the cluster's canonical member.
            edited["text"] = String(seed.text.prefix(seed.text.count * 3 / 4))
            let version = try await client.post("/v1/documents", json: edited)
            #expect(version.status == .created)
            #expect(version.object["id"] as? String == "story~2")
            #expect(version.object["requestedId"] as? String == "story")
            // The update joins the story's cluster, with its evidence.
            #expect(version.object["cluster"] as? String == first.object["cluster"] as? String)
            #expect(version.object["via"] as? String == "story")
            #expect(["near", "reprint"].contains(version.object["kind"] as? String))
            let stored = try await client.get("/v1/documents/story")
            #expect(stored.status == .ok)
            #expect(stored.object["source"] as? String == "bbc")
            #expect(stored.object["publishedAt"] as? String == "2024-05-01T10:00:00Z")
            // A source is kept as given, never taken for a place to read from.
            #expect(stored.object["origin"] as? String == "(http)")
            // Numeric ids are read as their decimal text.
            let numeric = try await client.post("/v1/documents", json: ["id": 42, "text": TestServer.seeds[0].text])
            #expect(numeric.object["id"] as? String == "42")
        }
    }

    @Test func filingTimesTellNextWeeksReportFromACorrection() async throws {
        let server = try await TestServer.make()
        defer { server.folder.remove() }
        try await server.test { client in
            let stored = try await client.post(
                "/v1/documents",
                json: [
                    "id": "mar26", "text": WireCopy.weeklyShipments(week: "March 26"),
                    "publishedAt": "1987-03-27T16:27:26Z",
                ])
            #expect(stored.status == .created)
            func verdict(_ publishedAt: String?) async throws -> String? {
                var body: [String: Any] = ["text": WireCopy.weeklyShipments(week: "April 2")]
                body["publishedAt"] = publishedAt
                return try await client.post("/v1/check", json: body).object["verdict"] as? String
            }
            #expect(try await verdict("1987-04-03T16:54:29Z") == "new")
            #expect(try await verdict("1987-03-27T18:00:00Z") != "new")
            #expect(try await verdict(nil) != "new")
            // In a JSON Lines body a bad time rejects its line only, and says which.
            let lines = [
                #"{"id": "apr2", "text": "Corn shipments resumed.", "publishedAt": "1987-04-03T16:54:29Z"}"#,
                #"{"id": "apr9", "text": "Corn shipments resumed.", "publishedAt": "9 April 1987"}"#,
            ]
            let body = try await client.post(
                "/v1/documents", body: Array(lines.joined(separator: "\n").utf8),
                headers: [.contentType: "application/x-ndjson"])
            let documents = try #require(body.object["documents"] as? [[String: Any]])
            #expect(documents.map { $0["status"] as? String } == ["created", "rejected"])
            let error = documents[1]["error"] as? [String: Any]
            #expect(error?["code"] as? String == "bad-time")
            #expect((error?["message"] as? String)?.hasSuffix("(line 2)") == true)
        }
    }

    @Test func aJSONLinesBodyStoresTheGoodLinesAndListsTheBadOnes() async throws {
        let server = try await TestServer.make()
        defer { server.folder.remove() }
        try await server.test { client in
            let lines = [
                String(
                    decoding: try JSONSerialization.data(withJSONObject: ["id": "a", "text": TestServer.seeds[0].text]),
                    as: UTF8.self),
                "{not json",
                "",
                #"{"id": "b", "text": 7}"#,
                String(
                    decoding: try JSONSerialization.data(withJSONObject: ["id": "c", "text": TestServer.seeds[1].text]),
                    as: UTF8.self),
                String(
                    decoding: try JSONSerialization.data(withJSONObject: ["id": "a", "text": TestServer.seeds[0].text]),
                    as: UTF8.self),
            ]
            let response = try await client.post(
                "/v1/documents", body: Array(lines.joined(separator: "\n").utf8),
                headers: [.contentType: "application/x-ndjson"])
            #expect(response.status == .created)
            let answer = response.object
            #expect(answer["created"] as? Int == 2)
            #expect(answer["rejected"] as? Int == 2)
            #expect(answer["unchanged"] as? Int == 1)
            let documents = try #require(answer["documents"] as? [[String: Any]])
            #expect(documents.map { $0["line"] as? Int } == [1, 2, 4, 5, 6])
            #expect(
                documents.map { $0["status"] as? String } == [
                    "created", "rejected", "rejected", "created", "unchanged",
                ])
            #expect((documents[1]["error"] as? [String: Any])?["code"] as? String == "bad-json")
            #expect(
                (documents[2]["error"] as? [String: Any])?["message"] as? String
                    == "field 'text' must be a string (line 4)")
            #expect(documents[4]["id"] as? String == "a")
            // Only bad lines: 400, nothing stored.
            let bad = try await client.post(
                "/v1/documents", body: Array("{\n[1]\n".utf8), headers: [.contentType: "application/x-ndjson"])
            #expect(bad.status == .badRequest)
            #expect((try await client.get("/v1/clusters")).object["documents"] as? Int == 2)
        }
    }

    @Test func deletingADocumentReDecidesItsClusterAndSaysSo() async throws {
        let server = try await TestServer.make()
        defer { server.folder.remove() }
        try await server.test { client in
            let start = try await client.get("/v1/clusters")
            let since = try #require(start.object["next"] as? Int)
            try await client.postSeeds(["004", "003"])
            let before = try await client.get("/v1/documents/003_51a1bab3c6050887")
            #expect(before.object["kind"] as? String == "reprint")
            let clusterID = try #require(before.object["cluster"] as? String)
            let cluster = try await client.get("/v1/clusters/\(clusterID)")
            #expect(cluster.status == .ok)
            #expect(cluster.object["size"] as? Int == 2)
            let members = try #require(cluster.object["members"] as? [[String: Any]])
            #expect(
                Set(members.compactMap { $0["id"] as? String }) == ["003_51a1bab3c6050887", "004_9d74470b06875570"])
            #expect(members.contains { $0["evidence"] is [String: Any] && $0["via"] is String })

            // The cluster is named after its earliest member, 003: deleting it renames what is left.
            #expect((try await client.delete("/v1/documents/003_51a1bab3c6050887")).status == .noContent)
            #expect((try await client.delete("/v1/documents/003_51a1bab3c6050887")).status == .notFound)
            let gone = try await client.get("/v1/documents/003_51a1bab3c6050887")
            #expect(gone.status == .notFound)
            let after = try await client.get("/v1/documents/004_9d74470b06875570")
            #expect(after.object["kind"] as? String == "canonical")
            #expect(after.object["cluster"] as? String != clusterID)
            #expect((try await client.get("/v1/clusters/\(clusterID)")).status == .notFound)

            let changes = try await client.get("/v1/clusters?since=\(since)")
            let events = try #require(changes.object["events"] as? [[String: Any]])
            #expect(changes.object["reset"] as? Bool == false)
            #expect(events.map { $0["type"] as? String }.contains("deleted"))
            #expect(events.contains { $0["type"] as? String == "deleted" && $0["cluster"] as? String == clusterID })
            let sequences = events.compactMap { $0["seq"] as? Int }
            #expect(sequences == sequences.sorted() && sequences.first! > since)
            // Polling again from the last number gives nothing new.
            let next = try #require(changes.object["next"] as? Int)
            let quiet = try await client.get("/v1/clusters?since=\(next)")
            #expect((quiet.object["events"] as? [Any])?.isEmpty == true)
            // A number from before this process started: the poller is told it missed changes.
            #expect((try await client.get("/v1/clusters?since=5")).object["reset"] as? Bool == true)
        }
    }

    @Test func badRequestsGetClearErrors() async throws {
        let server = try await TestServer.make { $0.maximumBytes = 4096 }
        defer { server.folder.remove() }
        try await server.test { client in
            let cases: [(String, [UInt8], String)] = [
                ("/v1/check", Array("{\"text\": ".utf8), "bad-json"),
                ("/v1/check", Array("[1, 2]".utf8), "bad-json"),
                ("/v1/check", Array("{\"id\": \"x\"}".utf8), "missing-field"),
                (
                    "/v1/check", [0x7B, 0x22, 0x74, 0x65, 0x78, 0x74, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D],
                    "invalid-utf8"
                ),
                ("/v1/check", Array("{\"text\": [\"a\"]}".utf8), "wrong-type"),
                ("/v1/check", Array("{\"text\": \"a\\ud800b\"}".utf8), "invalid-utf8"),
                ("/v1/check", Array("{\"text\": \"  ,,, \"}".utf8), "empty"),
                ("/v1/check", Array("{\"text\": \"a\\u0000b\"}".utf8), "binary"),
                ("/v1/documents", Array("{\"text\": \"words\"}".utf8), "missing-field"),
                ("/v1/documents", Array("{\"id\": \"\", \"text\": \"words\"}".utf8), "bad-id"),
                ("/v1/documents", Array("{\"id\": \"a\\nb\", \"text\": \"words\"}".utf8), "bad-id"),
                ("/v1/documents", Array("{\"id\": 1.5, \"text\": \"words\"}".utf8), "wrong-type"),
                ("/v1/documents", Array("{\"id\": \"a\", \"text\": \"words\", \"source\": 3}".utf8), "wrong-type"),
                (
                    "/v1/documents", Array("{\"id\": \"a\", \"text\": \"w\", \"publishedAt\": \"today\"}".utf8),
                    "bad-time"
                ),
                ("/v1/check", Array("{\"text\": \"w\", \"publishedAt\": \"1987-03-19\"}".utf8), "bad-time"),
            ]
            for (uri, body, code) in cases {
                let response = try await client.post(uri, body: body)
                #expect(response.status == .badRequest, "\(uri) \(String(decoding: body, as: UTF8.self))")
                #expect(response.errorCode == code, "\(response.text)")
                #expect(response.headers[.contentType] == "application/json")
            }
            let large = try await client.post("/v1/check", json: ["text": String(repeating: "word ", count: 2000)])
            #expect(large.status == .contentTooLarge)
            #expect(large.errorCode == "too-large")
            // A chunked body states no length: it is refused as it arrives, past the limit.
            let chunked = try await client.post(
                "/v1/check", body: Array("{\"text\": \"\(String(repeating: "word ", count: 2000))\"}".utf8),
                headers: [.transferEncoding: "chunked"])
            #expect(chunked.status == .contentTooLarge)
            #expect(chunked.errorCode == "too-large")
            let message = (chunked.object["error"] as? [String: Any])?["message"] as? String
            #expect(message?.hasSuffix("over the limit of 4096 bytes") == true, "\(chunked.text)")
            #expect((try await client.get("/v1/nothing")).errorCode == "no-route")
            let wrongMethod = try await client.execute(uri: "/v1/check", method: .get)
            #expect(wrongMethod.status == .methodNotAllowed && wrongMethod.headers[.allow] == "POST")
            let put = try await client.execute(uri: "/v1/documents/a%2Fb", method: .put)
            #expect(put.status == .methodNotAllowed && put.headers[.allow] == "GET, DELETE")
            #expect((try await client.get("/v1/clusters?since=x")).errorCode == "bad-parameter")
            #expect((try await client.get("/v1/clusters?since=18446744073709551615")).errorCode == "bad-parameter")
            #expect((try await client.get("/v1/clusters?since=9223372036854775807")).status == .ok)
            #expect((try await client.post("/v1/check?limit=0", json: ["text": "a b c"])).errorCode == "bad-parameter")
            #expect((try await client.get("/v1/clusters/cdoesnotexist")).status == .notFound)
            // Nothing bad was stored, and the server answers on.
            #expect((try await client.get("/healthz")).status == .ok)
            #expect((try await client.get("/v1/clusters")).object["documents"] as? Int == 0)
        }
    }

    @Test func aTokenIsRequiredWhenOneIsSet() async throws {
        let token = "s3cret-token-0123456789"
        let server = try await TestServer.make { $0.token = token }
        defer { server.folder.remove() }
        try await server.test { client in
            #expect((try await client.get("/v1/clusters")).status == .unauthorized)
            #expect(
                (try await client.get("/v1/clusters", headers: [.authorization: "Bearer wrong"])).status
                    == .unauthorized)
            #expect(
                (try await client.get("/v1/clusters", headers: [.authorization: "Bearer \(token)x"])).status
                    == .unauthorized)
            let denied = try await client.get("/metrics")
            #expect(denied.status == .unauthorized && denied.errorCode == "unauthorized")
            #expect((try await client.get("/v1/clusters", headers: [.authorization: "Bearer \(token)"])).status == .ok)
            #expect((try await client.get("/healthz")).status == .ok)
            #expect((try await client.get("/readyz")).status == .ok)
        }
    }

    @Test func readinessWaitsForTheStateAndRequestsBeforeItAreRefused() async throws {
        let server = try await TestServer.make(open: false)
        defer { server.folder.remove() }
        try await server.test { client in
            #expect((try await client.get("/healthz")).status == .ok)
            #expect((try await client.get("/readyz")).status == .serviceUnavailable)
            let early = try await client.post("/v1/check", json: ["text": "some words to check"])
            #expect(early.status == .serviceUnavailable && early.errorCode == "starting")
            let write = try await client.post("/v1/documents", json: ["id": "a", "text": "some words to store"])
            #expect(write.status == .serviceUnavailable && write.errorCode == "starting")
            try await server.service.open()
            #expect((try await client.get("/readyz")).status == .ok)
            #expect(
                (try await client.post("/v1/documents", json: ["id": "a", "text": "some words to store"])).status
                    == .created)
        }
    }

    @Test func metricsCountRequestsDocumentsAndRejections() async throws {
        let server = try await TestServer.make()
        defer { server.folder.remove() }
        try await server.test { client in
            try await client.postSeeds(["003", "004"])
            _ = try await client.post("/v1/check", json: ["text": TestServer.seeds[0].text])
            _ = try await client.post("/v1/check", body: Array("{\"text\": \"\"}".utf8))
            let metrics = try await client.get("/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = metrics.text
            #expect(text.contains("neardup_documents 2"))
            #expect(text.contains("neardup_clusters 1"))
            #expect(
                text.contains(#"neardup_http_requests_total{endpoint="/v1/documents",method="POST",status="201"} 2"#))
            #expect(text.contains(#"neardup_http_requests_total{endpoint="/v1/check",method="POST",status="400"} 1"#))
            #expect(
                text.contains(#"neardup_http_request_duration_seconds_bucket{endpoint="/v1/check",method="POST",le="#))
            #expect(text.contains(#"neardup_rejected_inputs_total{reason="empty"} 1"#))
            #expect(text.contains("neardup_ingest_batches_total 2"))
        }
    }

    @Test func aReopenedStateGivesTheSameAnswers() async throws {
        let server = try await TestServer.make()
        defer { server.folder.remove() }
        let seed003 = TestServer.seeds.first { $0.id.hasPrefix("003") }!
        let before = Mutex<(check: String, document: String)>(("", ""))
        try await server.test { client in
            try await client.postSeeds(["000", "001", "002", "004"])
            let check = try await client.post("/v1/check", json: ["text": seed003.text])
            let document = try await client.get("/v1/documents/004_9d74470b06875570")
            before.withLock { $0 = (Self.withoutTiming(check.text), document.text) }
        }
        await server.close()
        let reopened = try await TestServer.make(folder: server.folder)
        try await reopened.test { client in
            let check = try await client.post("/v1/check", json: ["text": seed003.text])
            let document = try await client.get("/v1/documents/004_9d74470b06875570")
            let (checked, described) = before.withLock { $0 }
            #expect(Self.withoutTiming(check.text) == checked)
            #expect(document.text == described)
        }
        await reopened.close()
        #expect(FileManager.default.fileExists(atPath: server.folder.file("state/state.checkpoint")))
    }

    static func withoutTiming(_ json: String) -> String {
        json.replacingOccurrences(of: #""tookMs":[0-9.e-]+"#, with: "", options: .regularExpression)
    }
}
