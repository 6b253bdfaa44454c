import Foundation
import Testing
import WAL
@testable import kvwal

/// `dump` in words and in JSON, and its filters, run in process on a sample WAL.
struct DumpTests {
    /// A simple line without its offset column.
    private func words(_ line: String) -> String {
        let afterOffset = line.drop { $0 == " " }.drop { $0 != " " }
        return String(afterOffset.drop { $0 == " " })
    }

    private func recordLines(_ lines: [String]) -> [String] {
        lines.filter { !$0.hasPrefix("segment ") }.map(words)
    }

    @Test func entriesInWords() throws {
        try withDataDirectory { dataDirectory in
            try makeSampleWAL(dataDirectory)
            let (lines, damage) = try inspect(Dump.self, [dataDirectory, "--kind", "entry", "--to", "13"])
            #expect(damage == nil)
            #expect(lines.first == "segment 0000000000000000-0000000000000000.wal")
            #expect(recordLines(lines) == [
                "entry index=1 term=1 normal: no-op",
                "entry index=2 term=1 normal: put key=foo value=bar lease=1f prev_kv",
                "entry index=3 term=1 normal: put key=\\x00a value=\\xff\\\\ ignore_value ignore_lease",
                "entry index=4 term=1 normal: delete range key=a range_end=b prev_kv",
                "entry index=5 term=1 normal: txn compares=2 success=[put key=k value=v, range key=a range_end=\\x00 limit=5 sort=descend:mod keys_only] failure=[delete range key=k, txn compares=0 success=[put key=n value=1] failure=[]]",
                "entry index=6 term=1 normal: compact revision=7",
                "entry index=7 term=1 normal: lease grant id=1f ttl=60",
                "entry index=8 term=1 normal: lease revoke id=1f",
                "entry index=9 term=1 conf-change: conf change add member abc context=http://10.0.0.3:2380",
                "entry index=10 term=1 conf-change: conf change remove member abc",
                "entry index=11 term=1 conf-change: conf change add learner def",
                "entry index=12 term=1 normal: undecodable (2 bytes)",
                "entry index=13 term=1 conf-change: undecodable (1 bytes)",
            ])
        }
    }

    @Test func otherRecordsInWords() throws {
        try withDataDirectory { dataDirectory in
            try makeSampleWAL(dataDirectory)
            let (lines, _) = try inspect(Dump.self, [dataDirectory])
            let records = recordLines(lines)
            #expect(Array(records.prefix(3)) == [
                "crc-carry previous_crc=0x0",
                "metadata member=8e9e05c52164694d cluster=cdf818194e3a8c32",
                "snapshot index=0 term=0",
            ])
            #expect(records.contains("hard-state term=1 vote=8e9e05c52164694d commit=13"))
            #expect(records.contains("snapshot index=5 term=1"))
            #expect(lines[1].hasPrefix("  @0 "))
        }
    }

    @Test func indexRangeAndKinds() throws {
        try withDataDirectory { dataDirectory in
            try makeSampleWAL(dataDirectory)
            func entryIndexes(_ arguments: [String]) throws -> [UInt64] {
                try inspect(Dump.self, [dataDirectory] + arguments).lines.compactMap { line in
                    guard let object = jsonObject(line), object["type"] as? String == "entry" else { return nil }
                    return (object["index"] as? NSNumber)?.uint64Value
                }
            }
            #expect(try entryIndexes(["-w", "json", "--from", "3", "--to", "5"]) == [3, 4, 5])
            #expect(try entryIndexes(["-w", "json", "--kind", "normal", "--to", "13"]) == [1, 2, 3, 4, 5, 6, 7, 8, 12])
            #expect(try entryIndexes(["-w", "json", "--kind", "conf-change"]) == [9, 10, 11, 13])
            #expect(try entryIndexes(["-w", "json", "--from", "118"]) == [118, 119, 120])

            let snapshots = try inspect(Dump.self, [dataDirectory, "--kind", "snapshot", "-w", "json"]).lines.compactMap(jsonObject)
            #expect(snapshots.map { $0["index"] as? Int } == [0, 5])
            let segmentCount = try WALReader(directory: walDirectory(dataDirectory)).segments.count
            #expect(segmentCount >= 3)
            let heads = try inspect(Dump.self, [dataDirectory, "--kind", "metadata", "--kind", "crc-carry", "-w", "json"]).lines.compactMap(jsonObject)
            #expect(heads.count == 2 * segmentCount)
            #expect(Set(heads.map { $0["type"] as? String }) == ["metadata", "crc_carry"])
            let hardStates = try inspect(Dump.self, [dataDirectory, "--kind", "hard-state"]).lines
            #expect(recordLines(hardStates).allSatisfy { $0.hasPrefix("hard-state ") })
            #expect(recordLines(hardStates).count >= 108)
        }
    }

    @Test func indexRangeLeavesOtherKinds() throws {
        try withDataDirectory { dataDirectory in
            try makeSampleWAL(dataDirectory)
            let records = recordLines(try inspect(Dump.self, [dataDirectory, "--from", "119"]).lines)
            #expect(records.filter { $0.hasPrefix("entry ") }.count == 2)
            #expect(records.contains("hard-state term=2 vote=0 commit=120"))
        }
    }

    @Test func jsonLines() throws {
        try withDataDirectory { dataDirectory in
            try makeSampleWAL(dataDirectory)
            let lines = try inspect(Dump.self, [dataDirectory, "--write-out", "json"]).lines
            let objects = lines.compactMap(jsonObject)
            #expect(objects.count == lines.count)
            #expect(objects.allSatisfy { $0["type"] is String && $0["file"] is String && $0["offset"] is Int })
            let entries = Dictionary(uniqueKeysWithValues: objects.filter { $0["type"] as? String == "entry" }
                .map { (($0["index"] as? Int) ?? -1, $0) })
            #expect(entries.count == 120)

            let put = try #require(entries[2])
            #expect(put["term"] as? Int == 1)
            #expect(put["entry_kind"] as? String == "normal")
            #expect(put["file"] as? String == "0000000000000000-0000000000000000.wal")
            let putRequest = try #require(put["request"] as? [String: Any])
            #expect(putRequest["op"] as? String == "put")
            #expect(putRequest["key"] as? String == "foo")
            #expect(putRequest["value"] as? String == "bar")
            #expect(putRequest["lease"] as? String == "1f")
            #expect(putRequest["prev_kv"] as? Bool == true)
            #expect(putRequest["ignore_value"] as? Bool == false)

            let binary = try #require(entries[3]?["request"] as? [String: Any])
            #expect(binary["key"] as? String == "\u{0}a")
            #expect(binary["value"] == nil)
            #expect(binary["value_base64"] as? String == "/1w=")

            let txn = try #require(entries[5]?["request"] as? [String: Any])
            #expect(txn["op"] as? String == "txn")
            let compares = try #require(txn["compares"] as? [[String: Any]])
            #expect(compares.map { $0["target"] as? String } == ["version", "value"])
            #expect(compares[1]["value_base64"] as? String == "/w==")
            #expect(compares[1]["result"] as? String == "not_equal")
            let failure = try #require(txn["failure"] as? [[String: Any]])
            #expect(failure.map { $0["op"] as? String } == ["delete_range", "txn"])

            #expect((entries[1]?["request"] as? [String: Any])?["op"] as? String == "no_op")
            #expect((entries[6]?["request"] as? [String: Any])?["revision"] as? Int == 7)
            #expect((entries[7]?["request"] as? [String: Any])?["ttl"] as? Int == 60)
            let change = try #require(entries[9]?["request"] as? [String: Any])
            #expect(entries[9]?["entry_kind"] as? String == "conf_change")
            #expect(change["change"] as? String == "add_member")
            #expect(change["member_id"] as? String == "abc")
            #expect(change["context"] as? String == "http://10.0.0.3:2380")
            #expect((entries[12]?["request"] as? [String: Any])?["op"] as? String == "undecodable")
            #expect((entries[12]?["request"] as? [String: Any])?["bytes"] as? Int == 2)

            let metadata = try #require(objects.first { $0["type"] as? String == "metadata" })
            #expect(metadata["member_id"] as? String == "8e9e05c52164694d")
            #expect(metadata["cluster_id"] as? String == "cdf818194e3a8c32")
        }
    }

    @Test func fromAfterToIsAnError() {
        #expect(throws: (any Error).self) { try Dump.parse(["/tmp", "--from", "5", "--to", "4"]) }
        #expect(throws: (any Error).self) { try Dump.parse(["/tmp", "--kind", "entries"]) }
    }
}
