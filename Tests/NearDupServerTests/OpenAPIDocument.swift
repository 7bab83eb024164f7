import Foundation

/// Any JSON value, decoded strictly (a boolean is not a number), for checking answers against `docs/openapi.json`.
indirect enum JSONValue: Decodable, Equatable {
    case null
    case bool(Bool)
    case integer(Int64)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .integer(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([JSONValue].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: JSONValue].self))
        }
    }

    static func parse(_ bytes: some Collection<UInt8>) throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    subscript(key: String) -> JSONValue? {
        if case .object(let object) = self { object[key] } else { nil }
    }

    var string: String? { if case .string(let value) = self { value } else { nil } }
    var object: [String: JSONValue]? { if case .object(let value) = self { value } else { nil } }
    var array: [JSONValue]? { if case .array(let value) = self { value } else { nil } }
}

/// The OpenAPI document, with a validator for the JSON Schema subset it uses ($ref, oneOf, type, enum, const,
/// properties, required, additionalProperties, items, maxItems, minimum).
struct OpenAPIDocument {
    let root: JSONValue

    init(path: String) throws {
        root = try JSONValue.parse(try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Every (path template, method) the document lists.
    var operations: [(path: String, method: String)] {
        (root["paths"]?.object ?? [:]).flatMap { path, item in
            (item.object ?? [:]).keys.filter { $0 != "parameters" }.map { (path, $0.uppercased()) }
        }
    }

    /// The documented response of an operation with this status, if any.
    func response(_ path: String, _ method: String, status: Int) -> JSONValue? {
        root["paths"]?[path]?[method.lowercased()]?["responses"]?[String(status)]
    }

    /// What is wrong with `value` under `schema` (empty when it conforms).
    func problems(_ value: JSONValue, _ schema: JSONValue, at location: String = "$") -> [String] {
        if let reference = schema["$ref"]?.string {
            let name = String(reference.split(separator: "/").last ?? "")
            guard let target = root["components"]?["schemas"]?[name] else {
                return ["\(location): unknown \(reference)"]
            }
            return problems(value, target, at: location)
        }
        if let choices = schema["oneOf"]?.array {
            let fits = choices.filter { problems(value, $0, at: location).isEmpty }.count
            return fits == 1 ? [] : ["\(location): matches \(fits) of the oneOf choices"]
        }
        var found: [String] = []
        if let type = schema["type"] {
            let types = type.array?.compactMap(\.string) ?? [type.string ?? ""]
            if !types.contains(where: { Self.has(value, type: $0) }) {
                return ["\(location): \(value) is not of type \(types.joined(separator: "|"))"]
            }
        }
        if let options = schema["enum"]?.array, !options.contains(value) {
            found.append("\(location): \(value) is not one of \(options)")
        }
        if let constant = schema["const"], constant != value {
            found.append("\(location): \(value) is not \(constant)")
        }
        if case .object(let object) = value {
            let properties = schema["properties"]?.object ?? [:]
            for name in schema["required"]?.array?.compactMap(\.string) ?? [] where object[name] == nil {
                found.append("\(location): required '\(name)' is missing")
            }
            for (name, member) in object {
                if let property = properties[name] {
                    found += problems(member, property, at: "\(location).\(name)")
                } else if schema["additionalProperties"] == .bool(false) {
                    found.append("\(location): '\(name)' is not documented")
                }
            }
        }
        if case .array(let items) = value {
            if let schema = schema["items"] {
                for (index, item) in items.enumerated() { found += problems(item, schema, at: "\(location)[\(index)]") }
            }
            if case .integer(let most) = schema["maxItems"], items.count > most {
                found.append("\(location): more than \(most) items")
            }
        }
        if let minimum = schema["minimum"], case .integer(let least) = minimum, case .integer(let number) = value,
            number < least
        {
            found.append("\(location): \(number) < \(least)")
        }
        return found
    }

    static func has(_ value: JSONValue, type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("integer", .integer), ("number", .integer), ("number", .number),
            ("string", .string), ("array", .array), ("object", .object):
            true
        default:
            false
        }
    }
}
