import Foundation

/// How etcdctl turns `<key> [range_end]`, `--prefix` and `--from-key` into a key range.
enum KeyArguments {
    /// The smallest key greater than every key starting with `prefix`; "\0" (to the end)
    /// when no such key exists.
    static func prefixEnd(_ prefix: Data) -> Data {
        var end = Array(prefix)
        while let last = end.last {
            if last < 0xFF {
                end[end.count - 1] = last + 1
                return Data(end)
            }
            end.removeLast()
        }
        return Data([0])
    }

    /// The key and range end to ask for.
    static func range(key: String, rangeEnd: String?, prefix: Bool, fromKey: Bool,
                      command: String) throws(KvctlError) -> (key: Data, end: Data) {
        if prefix && fromKey { throw .badArguments("`--prefix` and `--from-key` cannot be set at the same time, choose one") }
        if rangeEnd != nil && (prefix || fromKey) {
            throw .badArguments("too many arguments, only accept one argument when `--\(prefix ? "prefix" : "from-key")` is set")
        }
        let key = Data(key.utf8)
        if prefix { return key.isEmpty ? (Data([0]), Data([0])) : (key, prefixEnd(key)) }
        if fromKey { return (key.isEmpty ? Data([0]) : key, Data([0])) }
        return (key, rangeEnd.map { Data($0.utf8) } ?? Data())
    }

    /// `<key> [range_end]` from the positional arguments, with etcdctl's message for a wrong count.
    static func keyAndEnd(_ arguments: [String], message: String) throws(KvctlError) -> (String, String?) {
        guard (1...2).contains(arguments.count) else { throw .badArguments(message) }
        return (arguments[0], arguments.count == 2 ? arguments[1] : nil)
    }
}
