import Foundation

/// A JSON value written by hand, so that an object's fields keep the order given ("type"
/// first) and every value is written on one line, for `jq` and for line-oriented tools.
enum JSON {
    case string(String)
    case int(Int64)
    case uint(UInt64)
    case bool(Bool)
    case null
    case array([JSON])
    case object([(String, JSON)])

    static func int(_ value: Int) -> JSON { .int(Int64(value)) }

    /// A number, or null when there is none.
    static func optional(_ value: UInt64?) -> JSON { value.map(JSON.uint) ?? .null }

    /// Bytes under `name` when they are valid UTF-8, otherwise standard base64 (as `jq`'s
    /// `@base64d` reads it) under `<name>_base64`, so the field name says which it is.
    static func bytesField(_ name: String, _ bytes: [UInt8]) -> (String, JSON) {
        if let text = String(validating: bytes, as: UTF8.self) {
            return (name, .string(text))
        }
        return (name + "_base64", .string(Data(bytes).base64EncodedString()))
    }

    /// The value as one line of JSON text.
    var line: String {
        var text = ""
        write(to: &text)
        return text
    }

    private func write(to text: inout String) {
        switch self {
        case .string(let value): Self.writeString(value, to: &text)
        case .int(let value): text += String(value)
        case .uint(let value): text += String(value)
        case .bool(let value): text += value ? "true" : "false"
        case .null: text += "null"
        case .array(let values):
            text += "["
            for (position, value) in values.enumerated() {
                if position > 0 { text += "," }
                value.write(to: &text)
            }
            text += "]"
        case .object(let fields):
            text += "{"
            for (position, (name, value)) in fields.enumerated() {
                if position > 0 { text += "," }
                Self.writeString(name, to: &text)
                text += ":"
                value.write(to: &text)
            }
            text += "}"
        }
    }

    private static func writeString(_ value: String, to text: inout String) {
        text += "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\t": text += "\\t"
            case "\r": text += "\\r"
            case _ where scalar.value < 0x20:
                let digits = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - digits.count) + digits
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
