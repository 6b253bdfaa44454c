import API
import Foundation

/// etcdctl's txn text: compares, a blank line, success requests, a blank line, failure
/// requests, a blank line (or the end of input).
///
///     value("a") = "12"        mod("a") > "4"     ver("a") != "0"
///     create("a") < "9"        lease("a") = "694d77aa9e38260f"
///
///     put a 13
///     get a --prefix
///     del b
enum TxnParser {
    static func compare(_ line: String) throws(KvctlError) -> Etcdserverpb_Compare {
        guard let paren = line.firstIndex(of: "(") else { throw .invalidInput("malformed comparison: \(line)") }
        let target = String(line[..<paren])
        var rest = Substring(line[line.index(after: paren)...])
        guard let key = GoQuoted.take(&rest), rest.hasPrefix(")") else { throw .invalidInput("malformed comparison: \(line)") }
        rest = rest.dropFirst().drop { $0 == " " }
        let op = String(rest.prefix { $0 != " " })
        rest = rest.dropFirst(op.count).drop { $0 == " " }
        guard let value = GoQuoted.take(&rest), rest.isEmpty else {
            // etcdctl scans the value as a quoted string and says what it got instead.
            throw .invalidInput("malformed comparison: \(line); got \(target)(\(GoText.quote(key))) \(op) \"\"")
        }
        var compare = Etcdserverpb_Compare()
        compare.key = Data(key)
        switch op {
        case "=": compare.result = .equal
        case "!=": compare.result = .notEqual
        case "<": compare.result = .less
        case ">": compare.result = .greater
        default: throw .invalidInput("malformed comparison: \(line) (unknown op \(op))")
        }
        let text = String(decoding: value, as: UTF8.self)
        func number() throws(KvctlError) -> Int64 {
            guard let number = Int64(text) else { throw .invalidInput("invalid txn compare request: \(line)") }
            return number
        }
        switch target {
        case "ver", "version": compare.target = .version; compare.version = try number()
        case "c", "create": compare.target = .create; compare.createRevision = try number()
        case "m", "mod": compare.target = .mod; compare.modRevision = try number()
        case "val", "value": compare.target = .value; compare.value = Data(value)
        case "lease":
            guard let lease = UInt64(text, radix: 16) else { throw .invalidInput("invalid txn compare request: \(line)") }
            compare.target = .lease
            compare.lease = Int64(bitPattern: lease)
        default: throw .invalidInput("malformed comparison: \(line) (unknown target \(target))")
        }
        return compare
    }

    /// One `get`, `put` or `del` line, with the same flags as the commands.
    static func request(_ line: String) throws(KvctlError) -> Etcdserverpb_RequestOp {
        let words = GoQuoted.arguments(line)
        guard let verb = words.first else { throw .invalidInput("invalid txn request: \(line)") }
        let arguments = Array(words.dropFirst())
        var op = Etcdserverpb_RequestOp()
        do {
            switch verb {
            case "get": op.requestRange = try Get.parse(arguments).request()
            case "put":
                op.requestPut = try Put.parse(arguments).request { () throws(KvctlError) -> Data in
                    throw .badArguments("put command needs 1 argument and input from stdin or 2 arguments")
                }
            case "del", "delete": op.requestDeleteRange = try Del.parse(arguments).request()
            default: throw KvctlError.invalidInput("invalid txn request: \(line)")
            }
        } catch let error as KvctlError {
            throw error
        } catch {
            throw .invalidInput("invalid txn request: \(line)")
        }
        return op
    }
}

/// Go's quoted strings, as etcdctl's txn syntax writes keys and values.
enum GoQuoted {
    /// Takes one `"..."` string (Go escapes) from the front of `text`, or nil.
    static func take(_ text: inout Substring) -> [UInt8]? {
        guard text.first == "\"" else { return nil }
        var bytes: [UInt8] = []
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            index = text.index(after: index)
            switch character {
            case "\"":
                text = text[index...]
                return bytes
            case "\\":
                guard index < text.endIndex else { return nil }
                let escape = text[index]
                index = text.index(after: index)
                switch escape {
                case "n": bytes.append(0x0A)
                case "t": bytes.append(0x09)
                case "r": bytes.append(0x0D)
                case "\\", "\"", "'": bytes += Array(String(escape).utf8)
                case "x":
                    let hex = text[index...].prefix(2)
                    guard hex.count == 2, let byte = UInt8(hex, radix: 16) else { return nil }
                    bytes.append(byte)
                    index = text.index(index, offsetBy: 2)
                default: return nil
                }
            default:
                bytes += Array(String(character).utf8)
            }
        }
        return nil
    }

    /// Splits a line into words: spaces separate them, and a "…" or '…' word may hold spaces.
    static func arguments(_ line: String) -> [String] {
        var words: [String] = []
        var rest = Substring(line)
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" }
            guard let first = rest.first else { return words }
            if first == "\"", let bytes = take(&rest) {
                words.append(String(decoding: bytes, as: UTF8.self))
            } else if first == "'", let close = rest.dropFirst().firstIndex(of: "'") {
                words.append(String(rest[rest.index(after: rest.startIndex)..<close]))
                rest = rest[rest.index(after: close)...]
            } else {
                let word = rest.prefix { $0 != " " && $0 != "\t" }
                words.append(String(word))
                rest = rest.dropFirst(word.count)
            }
        }
    }
}
