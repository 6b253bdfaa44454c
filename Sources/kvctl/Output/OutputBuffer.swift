import Foundation

/// Bytes on their way to stdout. Keys and values are raw bytes (etcdctl's `simple` prints
/// them as they are), so output is built as bytes, never as a `String`.
struct OutputBuffer: Equatable {
    private(set) var bytes: [UInt8] = []

    mutating func append(_ text: String) { bytes.append(contentsOf: text.utf8) }
    mutating func append(_ data: some Sequence<UInt8>) { bytes.append(contentsOf: data) }

    /// `text` and a newline, as Go's fmt.Println.
    mutating func line(_ text: String = "") {
        append(text)
        bytes.append(0x0A)
    }

    mutating func line(_ data: Data) {
        append(data)
        bytes.append(0x0A)
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }
}
