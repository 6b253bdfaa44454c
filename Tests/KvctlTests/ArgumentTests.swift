import API
import Foundation
import Testing
@testable import kvctl

@Suite struct ArgumentTests {
    @Test func flagsBeatKvctlEnvironmentWhichBeatsEtcdctlEnvironment() throws {
        let environment = ["KVCTL_ENDPOINTS": "k:1", "ETCDCTL_ENDPOINTS": "e:1", "ETCDCTL_WRITE_OUT": "json",
                           "ETCDCTL_DIAL_TIMEOUT": "500ms", "KVCTL_HEX": "true", "ETCDCTL_USER": "root:pw"]
        let fromEnvironment = try GlobalOptions.parse([]).settings(environment: environment)
        #expect(fromEnvironment.configuration.endpoints.map(\.address) == ["k:1"])
        #expect(fromEnvironment.printer.format == .json)
        #expect(fromEnvironment.printer.hex)
        #expect(fromEnvironment.configuration.dialTimeout == .milliseconds(500))
        #expect(fromEnvironment.configuration.credentials == .init(user: "root", password: "pw"))
        let fromFlags = try GlobalOptions.parse(["--endpoints", "f:1,g:2", "-w", "fields"]).settings(environment: environment)
        #expect(fromFlags.configuration.endpoints.map(\.address) == ["f:1", "g:2"])
        #expect(fromFlags.printer.format == .fields)
        let defaults = try GlobalOptions.parse([]).settings(environment: [:])
        #expect(defaults.configuration.endpoints.map(\.address) == ["127.0.0.1:2379"])
        #expect(defaults.configuration.commandTimeout == .seconds(5))
        #expect(defaults.printer.format == .simple)
    }

    @Test func refusesBadGlobalValues() {
        #expect(throws: KvctlError.badArguments("unsupported output format")) {
            try GlobalOptions.parse(["-w", "yaml"]).settings(environment: [:])
        }
        #expect(throws: KvctlError.badArguments(#"invalid argument "2x" for "--dial-timeout" flag: time: invalid duration "2x""#)) {
            try GlobalOptions.parse(["--dial-timeout", "2x"]).settings(environment: [:])
        }
        #expect(throws: KvctlError.badArguments("invalid value \"maybe\" for KVCTL_HEX: expected true or false")) {
            try GlobalOptions.parse([]).settings(environment: ["KVCTL_HEX": "maybe"])
        }
    }

    @Test func parsesGoDurations() {
        #expect(GoValue.duration("2s") == .seconds(2))
        #expect(GoValue.duration("1m30s") == .seconds(90))
        #expect(GoValue.duration("1.5s") == .milliseconds(1500))
        #expect(GoValue.duration("0") == .zero)
        #expect(GoValue.duration("5") == nil)
        #expect(GoValue.duration("") == nil)
    }

    @Test func movesLeadingGlobalFlagsAfterTheCommand() {
        #expect(LeadingGlobalFlags.reorder(["--endpoints", "a:1", "-w", "json", "get", "k"]) == ["get", "k", "--endpoints", "a:1", "-w", "json"])
        #expect(LeadingGlobalFlags.reorder(["--hex", "--write-out=json", "watch", "k", "--", "echo"])
            == ["watch", "k", "--hex", "--write-out=json", "--", "echo"])
        #expect(LeadingGlobalFlags.reorder(["get", "--prefix", "k"]) == ["get", "--prefix", "k"])
    }

    @Test func buildsRangesAsEtcdctl() throws {
        #expect(KeyArguments.prefixEnd(Data("a".utf8)) == Data("b".utf8))
        #expect(KeyArguments.prefixEnd(Data([0x61, 0xFF])) == Data("b".utf8))
        #expect(KeyArguments.prefixEnd(Data([0xFF])) == Data([0]))
        let all = try KeyArguments.range(key: "", rangeEnd: nil, prefix: true, fromKey: false, command: "get")
        #expect(all.key == Data([0]) && all.end == Data([0]))
        #expect(throws: KvctlError.badArguments("get command needs one argument as key and an optional argument as range_end")) {
            try Get.parse([]).request()
        }
        #expect(throws: KvctlError.unsupported("bad sort target FOO")) { try Get.parse(["a", "--sort-by", "FOO"]).request() }
        let sorted = try Get.parse(["a", "--prefix", "--sort-by", "KEY", "--order", "ASCEND"]).request()
        #expect(sorted.sortOrder == .none)
    }

    @Test func readsThePutValueFromStdinWhenLeftOut() throws {
        let request = try Put.parse(["k"]).request { Data("v\n".utf8) }
        #expect(request.value == Data("v\n".utf8))
        #expect(throws: KvctlError.badArguments("put command needs 1 argument and input from stdin or 2 arguments")) {
            try Put.parse([]).request { Data() }
        }
        #expect(try Put.parse(["k", "v", "--lease", "1f"]).request { Data() }.lease == 0x1F)
    }

    @Test func parsesEtcdctlTxnSyntax() throws {
        let compare = try TxnParser.compare(#"value("a") = "x y""#)
        #expect(compare.target == .value && compare.result == .equal && compare.value == Data("x y".utf8))
        #expect(try TxnParser.compare(#"mod("a") > "4""#).modRevision == 4)
        #expect(try TxnParser.compare(#"lease("a") != "1f""#).lease == 0x1F)
        #expect(throws: KvctlError.invalidInput(#"malformed comparison: put x "a b""#)) { try TxnParser.compare(#"put x "a b""#) }
        #expect(throws: KvctlError.invalidInput(#"invalid txn compare request: ver("a") = "x""#)) { try TxnParser.compare(#"ver("a") = "x""#) }
        #expect(try TxnParser.request(#"put a "1 2""#).requestPut.value == Data("1 2".utf8))
        #expect(try TxnParser.request("get b --prefix").requestRange.rangeEnd == Data("c".utf8))
        #expect(throws: KvctlError.invalidInput("invalid txn request: frob a")) { try TxnParser.request("frob a") }
        #expect(GoQuoted.arguments(#"put 'a b' "c\td" e"#) == ["put", "a b", "c\td", "e"])
    }
}
