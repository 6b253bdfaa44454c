import Foundation

/// The two formats kvctl adds for shell pipelines.
///
/// `-w lines`: one record per line, fields separated by a tab. In keys and values a
/// backslash is written `\\`, a tab `\t`, a newline `\n`, a carriage return `\r`, and any
/// other byte below 0x20, or 0x7f, as `\xNN`; every other byte is written as it is. The
/// escapes are the ones `printf '%b'` understands, so `printf '%b' "$field"` gives back the
/// exact bytes.
///
/// `-w ndjson`: one JSON object per line (per key, event, member, ...). A key or value that is valid
/// UTF-8 is a JSON string; otherwise it is base64 and a `key_encoding`/`value_encoding`
/// field says `"base64"`. Lease ids are hex strings, as kvctl prints them elsewhere.
enum PipeText {
    static let help = """
        -w lines: one record per line, fields separated by a tab; in keys and values a \
        backslash is written \\\\, a tab \\t, a newline \\n, a carriage return \\r, any other \
        byte below 0x20 or 0x7f as \\xNN, everything else as it is (printf '%b' undoes it). \
        -w ndjson: one JSON object per line (per key, watch event, member, lease, alarm, ...; \
        what etcdctl prints as a sentence becomes one record); keys and values are JSON \
        strings when they are valid UTF-8, otherwise base64 with "key_encoding" or \
        "value_encoding" set to "base64". Every command prints both.
        """

    static func escape(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "\\"): out += Array("\\\\".utf8)
            case UInt8(ascii: "\t"): out += Array("\\t".utf8)
            case UInt8(ascii: "\n"): out += Array("\\n".utf8)
            case UInt8(ascii: "\r"): out += Array("\\r".utf8)
            case 0..<0x20, 0x7F: out += Array(String(format: "\\x%02x", byte).utf8)
            default: out.append(byte)
            }
        }
        return out
    }

    /// One `-w lines` record: the fields escaped, joined by tabs, ending in a newline.
    static func line(_ fields: [Data]) -> [UInt8] {
        var out: [UInt8] = []
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(UInt8(ascii: "\t")) }
            out += escape(field)
        }
        out.append(0x0A)
        return out
    }

    /// Adds `name` as text when the bytes are UTF-8, else as base64 with `<name>_encoding`.
    static func addBytes(_ name: String, _ data: Data, to object: inout GoJSONObject) {
        if let text = String(data: data, encoding: .utf8) {
            object.add(name, .string(text))
        } else {
            object.add(name, .bytes(data))
            object.add(name + "_encoding", .string("base64"))
        }
    }
}

/// One record of the pipe formats: named fields, written as one tab-separated line of the
/// values (`-w lines`) or as one JSON object (`-w ndjson`).
struct PipeRecord {
    enum Value {
        case text(String)
        case bytes(Data)
        case int(Int64)
        /// Written with six decimals.
        case decimal(Double)
        case bool(Bool)
        /// Several values: in a line, one field each (so a list comes last); in JSON, an array.
        case list([Data])
    }

    private(set) var fields: [(name: String, value: Value)] = []

    init(_ fields: [(String, Value)] = []) {
        for (name, value) in fields { add(name, value) }
    }

    mutating func add(_ name: String, _ value: Value) {
        precondition(!fields.contains { $0.name == name }, "a record names each field once: \(name)")
        fields.append((name, value))
    }

    var line: [UInt8] {
        PipeText.line(fields.flatMap { field -> [Data] in
            switch field.value {
            case let .text(text): [Data(text.utf8)]
            case let .bytes(data): [data]
            case let .int(number): [Data(String(number).utf8)]
            case let .decimal(number): [Data(String(format: "%.6f", number).utf8)]
            case let .bool(flag): [Data(String(flag).utf8)]
            case let .list(items): items
            }
        })
    }

    var json: GoJSON {
        var object = GoJSONObject()
        for (name, value) in fields {
            switch value {
            case let .text(text): object.add(name, .string(text))
            case let .bytes(data): PipeText.addBytes(name, data, to: &object)
            case let .int(number): object.add(name, .int(number))
            case let .decimal(number): object.add(name, .decimal(number))
            case let .bool(flag): object.add(name, .bool(flag))
            case let .list(items):
                let texts = items.compactMap { String(data: $0, encoding: .utf8) }
                if texts.count == items.count {
                    object.add(name, .array(texts.map(GoJSON.string)))
                } else {
                    object.add(name, .array(items.map(GoJSON.bytes)))
                    object.add(name + "_encoding", .string("base64"))
                }
            }
        }
        return object.json
    }

    /// The record in a pipe format; nil for etcdctl's formats.
    func buffer(_ format: OutputFormat) -> OutputBuffer? {
        var buffer = OutputBuffer()
        switch format {
        case .lines: buffer.append(line)
        case .ndjson: buffer.line(json.text)
        case .simple, .json, .fields, .table: return nil
        }
        return buffer
    }
}
