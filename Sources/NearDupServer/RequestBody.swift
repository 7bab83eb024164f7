import Foundation
import NearDupCore

/// A document sent to `POST /v1/documents`.
struct PostedDocument: Sendable {
    var id: String
    var text: [UInt8]
    var source: String?
    var publishedAt: String?
    /// `publishedAt` read (`FilingTime`): the document's filing time.
    var filedAt: Int64?
}

/// Reads the JSON bodies of the API: strictly (invalid UTF-8, malformed JSON, missing fields and wrong types are
/// `400` answers with a message that names the field), never trusting a size or a type the client states.
enum RequestBody {
    /// Longest document id accepted, in UTF-8 bytes.
    static let maximumIDBytes = 512

    /// `{"text": "...", "id"?: "...", "publishedAt"?: "..."}` for `POST /v1/check`.
    static func check(_ bytes: [UInt8]) throws(APIError) -> (text: [UInt8], id: String?, filedAt: Int64?) {
        let fields = try self.fields(bytes, line: nil)
        return (
            try text(fields, line: nil), try id(fields, required: false, line: nil),
            try filingTime(fields.publishedAt, line: nil)
        )
    }

    /// One `{"id", "text", "source"?, "publishedAt"?}` object.
    static func document(_ bytes: some Collection<UInt8>, line: Int? = nil) throws(APIError) -> PostedDocument {
        let fields = try self.fields(bytes, line: line)
        return PostedDocument(
            id: try id(fields, required: true, line: line)!, text: try text(fields, line: line),
            source: try limited(fields.source, "source", maximumBytes: 1024, line: line),
            publishedAt: try limited(fields.publishedAt, "publishedAt", maximumBytes: 64, line: line),
            filedAt: try filingTime(fields.publishedAt, line: line))
    }

    /// `publishedAt` as a filing time; one that is not an RFC 3339 date-time with an offset is refused rather than
    /// dropped, since it decides which stories are versions of each other.
    private static func filingTime(_ text: String?, line: Int?) throws(APIError) -> Int64? {
        guard let text else { return nil }
        guard let time = FilingTime.parse(Array(text.utf8)) else {
            throw .badRequest(
                "bad-time",
                "field 'publishedAt' is not an RFC 3339 date-time with an offset, such as 1987-03-19T15:01:01Z"
                    + (line.map { " (line \($0))" } ?? ""))
        }
        return time
    }

    /// A JSON Lines body: one result per non-blank line, with its 1-based line number.
    static func documents(ndjson bytes: [UInt8]) -> [(line: Int, result: Result<PostedDocument, APIError>)] {
        var results: [(Int, Result<PostedDocument, APIError>)] = []
        var line = 0
        var start = bytes.startIndex
        while start < bytes.endIndex {
            line += 1
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            let slice = bytes[start..<end]
            start = end < bytes.endIndex ? end + 1 : end
            if slice.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            do {
                results.append((line, .success(try document(slice, line: line))))
            } catch {
                results.append((line, .failure(error)))
            }
        }
        return results
    }

    /// The fields of one request object, decoded with the error that names the field.
    private struct Fields: Decodable {
        var id: String?
        var text: String?
        var source: String?
        var publishedAt: String?
        var problem: APIError?

        enum Key: String, CodingKey { case id, text, source, publishedAt }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            func string(_ key: Key) -> String? {
                guard problem == nil else { return nil }
                do {
                    return try container.decodeIfPresent(String.self, forKey: key)
                } catch DecodingError.typeMismatch {
                    problem = .badRequest("wrong-type", "field '\(key.rawValue)' must be a string")
                    return nil
                } catch {
                    // The value is a string that does not decode: an unpaired \uD800–\uDFFF escape.
                    problem = .badRequest(
                        "invalid-utf8", "field '\(key.rawValue)' holds an unpaired surrogate escape, which is not text")
                    return nil
                }
            }
            if container.contains(.id), (try? container.decodeNil(forKey: .id)) != true {
                if let number = try? container.decode(Int64.self, forKey: .id) {
                    id = String(number)
                } else if let text = try? container.decode(String.self, forKey: .id) {
                    id = text
                } else {
                    problem = .badRequest("wrong-type", "field 'id' must be a string or an integer")
                }
            }
            text = string(.text)
            source = string(.source)
            publishedAt = string(.publishedAt)
        }
    }

    private static func fields(_ bytes: some Collection<UInt8>, line: Int?) throws(APIError) -> Fields {
        let at = line.map { " (line \($0))" } ?? ""
        guard String(validating: bytes, as: UTF8.self) != nil else {
            throw .badRequest("invalid-utf8", "the body is not valid UTF-8\(at)")
        }
        let fields: Fields
        do {
            fields = try JSONDecoder().decode(Fields.self, from: Data(bytes))
        } catch DecodingError.typeMismatch {
            throw .badRequest("bad-json", "the body must be a JSON object\(at)")
        } catch {
            throw .badRequest("bad-json", "the body is not valid JSON\(at)")
        }
        if var problem = fields.problem {
            problem.message += at
            throw problem
        }
        return fields
    }

    private static func text(_ fields: Fields, line: Int?) throws(APIError) -> [UInt8] {
        guard let text = fields.text else {
            throw .badRequest("missing-field", "field 'text' is required\(line.map { " (line \($0))" } ?? "")")
        }
        return Array(text.utf8)
    }

    private static func id(_ fields: Fields, required: Bool, line: Int?) throws(APIError) -> String? {
        let at = line.map { " (line \($0))" } ?? ""
        guard let id = fields.id else {
            if required { throw .badRequest("missing-field", "field 'id' is required\(at)") }
            return nil
        }
        guard !id.isEmpty, id.utf8.count <= maximumIDBytes else {
            throw .badRequest("bad-id", "field 'id' must have 1 to \(maximumIDBytes) bytes\(at)")
        }
        guard !id.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) else {
            throw .badRequest("bad-id", "field 'id' must not contain control characters\(at)")
        }
        return id
    }

    private static func limited(_ value: String?, _ field: String, maximumBytes: Int, line: Int?) throws(APIError)
        -> String?
    {
        guard let value, value.utf8.count > maximumBytes else { return value }
        let at = line.map { " (line \($0))" } ?? ""
        throw .badRequest("too-long", "field '\(field)' must have at most \(maximumBytes) bytes\(at)")
    }
}
