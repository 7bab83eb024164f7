import Testing

@testable import NearDupIO

@Suite("JSON Lines records")
struct JSONLineParserTests {
    func parse(_ line: String, id: String = "id", text: String = "text") throws -> JSONLineParser.Record {
        try JSONLineParser(idField: id, textField: text).parse(Array(line.utf8)[...])
    }

    @Test func readsStringAndNumberIdsAndSkipsOtherFields() throws {
        let record = try parse(#"{"meta": {"a": [1, 2, {"b": null}]}, "id": "doc-1", "ok": true, "text": "Hi"}"#)
        #expect(record == JSONLineParser.Record(id: "doc-1", text: Array("Hi".utf8)))
        #expect(try parse(#"{"id": 42, "text": ""}"#).id == "42")
    }

    @Test func decodesEscapesAndSurrogatePairs() throws {
        let record = try parse(#"{"id":"x","text":"a\"b\\c\/d\n\u00e9\ud83d\ude00\ud800z"}"#)
        #expect(String(decoding: record.text, as: UTF8.self) == "a\"b\\c/d\né😀\u{FFFD}z")
    }

    @Test func renamedFields() throws {
        let record = try parse(#"{"url": "u1", "body": "text here"}"#, id: "url", text: "body")
        #expect(record.id == "u1")
    }

    @Test(arguments: [
        (#"not json"#, "expected a JSON object"),
        (#"{"id": "a", "text": "unterminated}"#, "unterminated string"),
        (#"{"id": "a"}"#, "missing field 'text'"),
        (#"{"text": "t"}"#, "missing field 'id'"),
        (#"{"id": "a", "text": 5}"#, "field 'text' must be a string"),
        (#"{"id": [1], "text": "t"}"#, "field 'id' must be a string or a number"),
        (#"{"id": "a", "text": "t"} trailing"#, "unexpected data after the object"),
        (#"{"id": "a" "text": "t"}"#, "expected ',' or '}'"),
        (#"{"id": "a", "text": "bad \q escape"}"#, "invalid escape"),
    ])
    func malformedRecordsSayWhatIsWrong(line: String, message: String) {
        #expect { try parse(line) } throws: { ($0 as? JSONLineParser.Failure)?.message == message }
    }
}
