import Foundation

/// A JSON value written as Go's encoding/json writes it, which is what etcdctl's `-w json`
/// prints: object keys in declaration order, integers as plain numbers (also 64-bit ids),
/// bytes as base64, `<`, `>`, `&` escaped as `\u003c`-style.
indirect enum GoJSON: Equatable {
    case object([(String, GoJSON)])
    case array([GoJSON])
    case string(String)
    case bytes(Data)
    case int(Int64)
    case uint(UInt64)
    /// A measurement, with six decimals (kvctl's own records; etcd's JSON has no fractions).
    case decimal(Double)
    case bool(Bool)
    case null

    static func == (lhs: GoJSON, rhs: GoJSON) -> Bool { lhs.text == rhs.text }

    var text: String {
        switch self {
        case let .object(fields):
            "{" + fields.map { Self.quote($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        case let .array(items): "[" + items.map(\.text).joined(separator: ",") + "]"
        case let .string(text): Self.quote(text)
        case let .bytes(data): "\"" + data.base64EncodedString() + "\""
        case let .int(value): String(value)
        case let .uint(value): String(value)
        case let .decimal(value): String(format: "%.6f", value)
        case let .bool(value): value ? "true" : "false"
        case .null: "null"
        }
    }

    /// encoding/json's string escaping (HTML-safe, U+2028/U+2029 escaped).
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "<", ">", "&", "\u{2028}", "\u{2029}": out += String(format: "\\u%04x", scalar.value)
            default:
                if scalar.value < 0x20 { out += String(format: "\\u%04x", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}

/// Builds a Go struct's JSON, leaving out the fields tagged `omitempty` that hold their zero value.
struct GoJSONObject {
    private(set) var fields: [(String, GoJSON)] = []

    mutating func add(_ key: String, _ value: GoJSON) { fields.append((key, value)) }

    mutating func omitEmpty(_ key: String, _ value: Int64) { if value != 0 { add(key, .int(value)) } }
    mutating func omitEmpty(_ key: String, _ value: UInt64) { if value != 0 { add(key, .uint(value)) } }
    mutating func omitEmpty(_ key: String, _ value: Bool) { if value { add(key, .bool(true)) } }
    mutating func omitEmpty(_ key: String, _ value: String) { if !value.isEmpty { add(key, .string(value)) } }
    mutating func omitEmpty(_ key: String, _ value: Data) { if !value.isEmpty { add(key, .bytes(value)) } }
    mutating func omitEmpty(_ key: String, _ values: [GoJSON]) { if !values.isEmpty { add(key, .array(values)) } }
    mutating func omitEmpty(_ key: String, _ value: GoJSON?) { if let value { add(key, value) } }

    var json: GoJSON { .object(fields) }
}
