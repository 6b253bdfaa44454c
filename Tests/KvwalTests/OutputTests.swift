import Foundation
import Testing
import WAL
@testable import kvwal

/// How bytes and strings are written: the documented escaping, and JSON that parses back.
struct OutputTests {
    @Test(arguments: [
        (Array("foo".utf8), "foo"),
        ([], ""),
        ([0x00], "\\x00"),
        (Array("a b".utf8), "a\\x20b"),
        (Array("\n".utf8), "\\x0a"),
        (Array("é/日本".utf8), "é/日本"),
        ([0xC3], "\\xc3"),
        ([0x61, 0xC3, 0x28], "a\\xc3("),
        (Array("a\\b".utf8), "a\\\\b"),
        ([0xFF, 0xFE], "\\xff\\xfe"),
    ])
    func byteText(bytes: [UInt8], text: String) {
        #expect(ByteText.escaped(bytes) == text)
    }

    @Test func jsonStringsParseBack() throws {
        let text = "a\"b\\c\n\t\u{1}é\u{7f}"
        let line = JSON.object([("s", .string(text)), ("n", .uint(UInt64.max)), ("i", .int(-3)), ("b", .bool(false)),
                                ("z", .null), ("a", .array([.int(1), .string("x")]))]).line
        #expect(!line.contains("\n"))
        let object = try #require(jsonObject(line))
        #expect(object["s"] as? String == text)
        #expect(object["i"] as? Int == -3)
        #expect(object["b"] as? Bool == false)
        #expect(object["z"] is NSNull)
        #expect(line.hasPrefix("{\"s\":"))
    }

    @Test func bytesFieldFallsBackToBase64() {
        #expect(JSON.bytesField("key", Array("k".utf8)).0 == "key")
        let binary = JSON.bytesField("key", [0xFF])
        #expect(binary.0 == "key_base64")
        #expect(JSON.object([binary]).line == "{\"key_base64\":\"/w==\"}")
    }
}

/// The WAL format as `--help` shows it: within 80 columns, every word kept, table rows'
/// continuations under their text column.
struct HelpTextTests {
    @Test func reflowsTheFormatWithinTheWidth() {
        let wrapped = HelpText.wrapped(WALFormat.description)
        let lines = wrapped.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= HelpText.widthMax })
        #expect(wrapped.split(whereSeparator: \.isWhitespace) == WALFormat.description.split(whereSeparator: \.isWhitespace))
        #expect(lines.count(where: \.isEmpty) == WALFormat.description.split(separator: "\n", omittingEmptySubsequences: false).count(where: \.isEmpty))
    }

    @Test func tableRowsContinueUnderTheirText() {
        let row = "  byte  4        kind: 1 metadata, 2 entry, 3 hard state, 4 snapshot marker, 5 crc carry-over"
        #expect(HelpText.wrapped(row + "\n  next  row") == """
              byte  4        kind: 1 metadata, 2 entry, 3 hard state, 4 snapshot marker, 5
                             crc carry-over
              next  row
            """)
        #expect(HelpText.wrapped("short\n  lines  stay") == "short\n  lines  stay")
    }
}
