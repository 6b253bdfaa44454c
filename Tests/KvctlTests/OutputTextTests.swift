import API
import Foundation
import Testing
@testable import kvctl

@Suite struct OutputTextTests {
    @Test func quotesAsGoStrconvQuote() {
        #expect(GoText.quote(Array("x\ty\n\u{01}é".utf8)) == #""x\ty\n\x01é""#)
        #expect(GoText.quote([0x61, 0xFF, 0x22, 0x5C]) == #""a\xff\"\\""#)
        #expect(GoText.quote(Array("\u{200B}\u{7F}".utf8)) == #""\u200b\x7f""#)
        #expect(GoText.hex(Array("c".utf8)) == #"\x63"#)
    }

    /// etcdctl's fields for a watch response: the header once, then each event.
    @Test func printsAWatchResponsesHeaderOnceInFields() throws {
        let response = Etcdserverpb_WatchResponse.with { response in
            response.header = .with { $0.clusterID = 1; $0.memberID = 2; $0.revision = 3; $0.raftTerm = 4 }
            response.events = ["a", "b"].map { key in
                .with { event in event.kv = .with { $0.key = Data(key.utf8); $0.value = Data("v".utf8) } }
            }
        }
        let text = String(decoding: try Printer(format: .fields).watch(response).bytes, as: UTF8.self)
        #expect(text.components(separatedBy: "\"ClusterID\"").count == 2, "\(text)")
        #expect(text.hasPrefix("\"ClusterID\" : 1\n\"MemberID\" : 2\n\"Revision\" : 3\n\"RaftTerm\" : 4\n\"Type\" : PUT\n\"Key\" : \"a\"\n"),
                "\(text)")
    }

    @Test func writesJSONAsGoEncodingJSON() {
        let value = GoJSON.object([("k", .string("<a&b>\u{01}\"")), ("n", .uint(UInt64.max)), ("b", .bytes(Data("a".utf8))),
                                   ("e", .null), ("l", .array([.int(-1), .bool(false)]))])
        #expect(value.text == #"{"k":"\u003ca\u0026b\u003e\u0001\"","n":18446744073709551615,"b":"YQ==","e":null,"l":[-1,false]}"#)
    }

    @Test func escapesLinesSoPrintfPercentBUndoesIt() {
        let bytes: [UInt8] = [0x61, 0x09, 0x0A, 0x0D, 0x5C, 0x00, 0x7F, 0xC3, 0xA9, 0xFF]
        #expect(String(decoding: PipeText.escape(bytes), as: UTF8.self) == "a\\t\\n\\r\\\\\\x00\\x7fé\u{FFFD}")
        #expect(PipeText.line([Data("k".utf8), Data("v\tw".utf8)]) == Array("k\tv\\tw\n".utf8))
    }

    @Test func flagsBinaryAsBase64InNDJSON() {
        var object = GoJSONObject()
        PipeText.addBytes("key", Data("ok".utf8), to: &object)
        PipeText.addBytes("value", Data([0xFF, 0x00]), to: &object)
        #expect(object.json.text == #"{"key":"ok","value":"/wA=","value_encoding":"base64"}"#)
    }

    @Test func drawsTablesAsEtcdctl() {
        var table = TextTable(headers: ["ENDPOINT", "HASH"])
        table.append(["127.0.0.1:23791", "1697381310"])
        #expect(table.text == """
            +-----------------+------------+
            |    ENDPOINT     |    HASH    |
            +-----------------+------------+
            | 127.0.0.1:23791 | 1697381310 |
            +-----------------+------------+

            """)
    }

    @Test func humanizesSizesAndDurationsAsGo() {
        #expect(humanBytes(7) == "7 B")
        #expect(humanBytes(20480) == "20 kB")
        #expect(humanBytes(4096) == "4.1 kB")
        #expect(humanBytes(1_500_000) == "1.5 MB")
        #expect(goDuration(.nanoseconds(1_590_593)) == "1.590593ms")
        #expect(goDuration(.microseconds(850)) == "850µs")
        #expect(goDuration(.milliseconds(2500)) == "2.5s")
        #expect(goDuration(.nanoseconds(12)) == "12ns")
        #expect(leaseID(0x1234) == "0000000000001234")
        #expect(paddedHex(0xabc) == "             abc")
    }

    @Test func printsGetAsEtcdctlDoes() throws {
        var response = Etcdserverpb_RangeResponse()
        response.header.clusterID = 1
        response.header.revision = 4
        var kv = Mvccpb_KeyValue()
        kv.key = Data("a".utf8)
        kv.value = Data("1".utf8)
        kv.createRevision = 2
        kv.modRevision = 2
        kv.version = 1
        response.kvs = [kv]
        response.count = 1
        #expect(try Printer(format: .simple).get(response).text == "a\n1\n")
        #expect(try Printer(format: .simple, hex: true).get(response).text == "\\x61\n\\x31\n")
        #expect(try Printer(format: .simple).get(response, valueOnly: true).text == "1\n")
        #expect(try Printer(format: .json).get(response).text
            == #"{"header":{"cluster_id":1,"revision":4},"kvs":[{"key":"YQ==","create_revision":2,"mod_revision":2,"version":1,"value":"MQ=="}],"count":1}"# + "\n")
        #expect(try Printer(format: .fields).get(response).text.hasSuffix("\"Value\" : \"1\"\n\"Lease\" : 0\n\"More\" : false\n\"Count\" : 1\n"))
        #expect(try Printer(format: .lines).get(response).text == "a\t1\n")
        #expect(try Printer(format: .ndjson).get(response).text == #"{"key":"a","value":"1","create_revision":2,"mod_revision":2,"version":1}"# + "\n")
        #expect(throws: KvctlError.unsupported("table not supported as output format")) { try Printer(format: .table).get(response) }
    }
}
