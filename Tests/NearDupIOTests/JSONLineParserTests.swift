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

    @Test func readsTheFilingTime() throws {
        let record = try parse(#"{"id": "a", "publishedAt": "1987-03-19T15:01:01Z", "text": "t"}"#)
        #expect(record.filedAt == 543_164_461)
        #expect(try parse(#"{"id": "a", "publishedAt": null, "text": "t"}"#).filedAt == nil)
        #expect(try parse(#"{"id": "a", "text": "t"}"#).filedAt == nil)
        let renamed = try JSONLineParser(timeField: "date").parse(
            Array(#"{"id": "a", "text": "t", "date": "1987-03-19T10:01:01-05:00", "publishedAt": 5}"#.utf8)[...])
        #expect(renamed.filedAt == 543_164_461)
        // A later null clears an earlier time, as a later value replaces it.
        #expect(
            try parse(#"{"id": "a", "publishedAt": "1987-03-19T15:01:01Z", "publishedAt": null, "text": "t"}"#).filedAt
                == nil)
        let ignored = try JSONLineParser(timeField: nil).parse(
            Array(#"{"id": "a", "text": "t", "publishedAt": 5}"#.utf8)[...])
        #expect(ignored.filedAt == nil)
    }

    @Test(arguments: [
        (
            #"{"id": "a", "text": "t", "publishedAt": "19-MAR-1987"}"#,
            "field 'publishedAt' is not an RFC 3339 date-time with an offset, such as 1987-03-19T15:01:01Z "
                + "(--time-field '' reads no filing time)"
        ),
        (
            #"{"id": "a", "text": "t", "publishedAt": 543164461}"#,
            "field 'publishedAt' must be a string (an RFC 3339 date-time)"
        ),
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
