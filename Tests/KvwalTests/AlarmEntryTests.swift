import Foundation
import LogEntries
import MVCC
import Testing
import WAL
@testable import kvwal

/// Alarm entries (raised by a member over its quota, cleared by `etcdctl alarm disarm`) in
/// words and in JSON, as a member proposes them and as a bare request.
struct AlarmEntryTests {
    static let raise = ProposedRequest(
        proposer: 0x8e9e_05c5_2164_694d, sequence: 7,
        request: .alarm(AlarmChange(action: .activate, member: AlarmMember(memberID: 0x8e9e_05c5_2164_694d, alarm: .noSpace))))
    static let clear = Request.alarm(AlarmChange(action: .deactivate, member: AlarmMember(memberID: 0x2a, alarm: .corrupt)))

    private func withAlarmWAL(_ body: (String) throws -> Void) throws {
        try withDataDirectory { dataDirectory in
            let wal = try WAL.create(directory: walDirectory(dataDirectory), metadata: sampleMetadata)
            try wal.save(hardState: WALHardState(term: 1, vote: 0, commit: 2), entries: [
                WALEntry(index: 1, term: 1, data: Self.raise.encoded()),
                WALEntry(index: 2, term: 1, data: Self.clear.encoded()),
            ])
            try wal.close()
            try body(dataDirectory)
        }
    }

    @Test func alarmEntriesInWords() throws {
        try withAlarmWAL { dataDirectory in
            let lines = try inspect(Dump.self, [dataDirectory, "--kind", "entry"]).lines.filter { $0.contains("entry index=") }
            #expect(lines.count == 2)
            #expect(lines.first?.hasSuffix("entry index=1 term=1 normal: alarm activate member=8e9e05c52164694d alarm=NOSPACE") == true,
                    "\(lines)")
            #expect(lines.last?.hasSuffix("entry index=2 term=1 normal: alarm deactivate member=2a alarm=CORRUPT") == true,
                    "\(lines)")
        }
    }

    @Test func alarmEntriesInJSON() throws {
        try withAlarmWAL { dataDirectory in
            let objects = try inspect(Dump.self, [dataDirectory, "--kind", "entry", "--write-out", "json"]).lines.compactMap(jsonObject)
            let requests = objects.compactMap { $0["request"] as? [String: Any] }
            #expect(requests.count == 2)
            #expect(requests.map { $0["op"] as? String } == ["alarm", "alarm"])
            #expect(requests.map { $0["action"] as? String } == ["activate", "deactivate"])
            #expect(requests.map { $0["member"] as? String } == ["8e9e05c52164694d", "2a"])
            #expect(requests.map { $0["alarm"] as? String } == ["NOSPACE", "CORRUPT"])
        }
    }
}
