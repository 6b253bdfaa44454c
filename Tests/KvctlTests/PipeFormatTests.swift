import API
import Foundation
import Testing
@testable import kvctl
import MVCC

/// `-w lines` and `-w ndjson` for the commands beyond get and watch.
@Suite struct PipeFormatTests {
    @Test func recordsAreOneLineOrOneObject() {
        let record = PipeRecord([("id", .text("00ab")), ("ttl", .int(5)), ("ok", .bool(true)),
                                 ("keys", .list([Data("a\tb".utf8), Data("c".utf8)]))])
        #expect(String(decoding: record.line, as: UTF8.self) == "00ab\t5\ttrue\ta\\tb\tc\n")
        #expect(record.json.text == #"{"id":"00ab","ttl":5,"ok":true,"keys":["a\tb","c"]}"#)
        let binary = PipeRecord([("keys", .list([Data([0xFF])]))])
        #expect(binary.json.text == #"{"keys":["/w=="],"keys_encoding":"base64"}"#)
        #expect(record.buffer(.json) == nil)
    }

    private static func kv(_ key: String, _ value: String, revision: Int64) -> Mvccpb_KeyValue {
        var kv = Mvccpb_KeyValue()
        kv.key = Data(key.utf8)
        kv.value = Data(value.utf8)
        kv.createRevision = revision
        kv.modRevision = revision
        kv.version = 1
        return kv
    }

    @Test func writesPrintTheRevisionAndWhatWasReplacedOrDeleted() throws {
        var put = Etcdserverpb_PutResponse()
        put.header.revision = 9
        #expect(try Printer(format: .lines).put(put).text == "9\n")
        put.prevKv = Self.kv("k", "old\nline", revision: 3)
        #expect(try Printer(format: .lines).put(put).text == "9\tk\told\\nline\n")
        #expect(try Printer(format: .ndjson).put(put).text
            == #"{"revision":9,"prev_kv":{"key":"k","value":"old\nline","create_revision":3,"mod_revision":3,"version":1}}"# + "\n")

        var delete = Etcdserverpb_DeleteRangeResponse()
        delete.header.revision = 10
        delete.deleted = 1
        delete.prevKvs = [Self.kv("k", "v", revision: 9)]
        #expect(try Printer(format: .lines).delete(delete).text == "1\nk\tv\n")
        #expect(try Printer(format: .ndjson).delete(delete).text.hasPrefix(#"{"deleted":1,"revision":10,"prev_kvs":[{"key":"k""#))

        var txn = Etcdserverpb_TxnResponse()
        txn.succeeded = true
        txn.header.revision = 11
        var range = Etcdserverpb_ResponseOp()
        range.responseRange.kvs = [Self.kv("a", "1", revision: 2)]
        range.responseRange.count = 1
        var write = Etcdserverpb_ResponseOp()
        write.responsePut.header.revision = 11
        txn.responses = [range, write]
        #expect(try Printer(format: .lines).txn(txn).text == "SUCCESS\na\t1\n11\n")
        #expect(try Printer(format: .ndjson).txn(txn).text
            == #"{"succeeded":true,"revision":11,"responses":[{"kvs":[{"key":"a","value":"1","create_revision":2,"mod_revision":2,"version":1}],"count":1},{"revision":11}]}"# + "\n")
    }

    @Test func leasesMembersAndAlarmsAreRecords() throws {
        var grant = Etcdserverpb_LeaseGrantResponse()
        grant.id = 0x1F
        grant.ttl = 60
        #expect(try Printer(format: .lines).leaseGrant(grant).text == "000000000000001f\t60\n")
        #expect(try Printer(format: .ndjson).leaseGrant(grant).text == #"{"id":"000000000000001f","ttl":60}"# + "\n")

        var ttl = Etcdserverpb_LeaseTimeToLiveResponse()
        ttl.id = 0x1F
        ttl.grantedTtl = 60
        ttl.ttl = 42
        ttl.keys = [Data("k1".utf8), Data("k2".utf8)]
        #expect(try Printer(format: .lines).leaseTimeToLive(ttl, keys: true).text == "000000000000001f\t60\t42\tk1\tk2\n")
        #expect(try Printer(format: .lines).leaseTimeToLive(ttl, keys: false).text == "000000000000001f\t60\t42\n")

        #expect(try Printer(format: .ndjson).leaseRevoke(Etcdserverpb_LeaseRevokeResponse(), id: 0x1F).text
            == #"{"id":"000000000000001f","revoked":true}"# + "\n")

        var member = Etcdserverpb_Member()
        member.id = 0xAB
        member.name = "m1"
        member.peerUrls = ["http://p:2380"]
        let header = Etcdserverpb_ResponseHeader()
        #expect(try Printer(format: .lines).memberChange("added", changed: 0xAB, header: header, member: member, members: [member]).text
            == "ab\tstarted\tm1\thttp://p:2380\t\tfalse\n")
        #expect(try Printer(format: .ndjson).memberChange("removed", changed: 0xCD, header: header, members: [member]).text
            == #"{"id":"cd"}"# + "\n")

        var alarms = Etcdserverpb_AlarmResponse()
        var alarm = Etcdserverpb_AlarmMember()
        alarm.memberID = 0xAB
        alarm.alarm = .nospace
        alarms.alarms = [alarm]
        #expect(try Printer(format: .lines).alarms(alarms).text == "ab\tNOSPACE\n")
        #expect(try Printer(format: .ndjson).alarms(alarms).text == #"{"member_id":"ab","alarm":"NOSPACE"}"# + "\n")
        #expect(try Printer(format: .simple).alarms(alarms).text == "memberID:171 alarm:NOSPACE \n")
    }

    @Test func sentencesBecomeRecords() {
        let record = PipeRecord([("revision", .int(4))])
        #expect(Printer(format: .json).sentence("compacted revision 4", or: record).text == "compacted revision 4\n")
        #expect(Printer(format: .lines).sentence("compacted revision 4", or: record).text == "4\n")
        #expect(Printer(format: .ndjson).sentence("compacted revision 4", or: record).text == #"{"revision":4}"# + "\n")
    }
}

@Suite struct SnapshotStatusOutputTests {
    @Test func tellsStoresApartByTheirMagic() {
        var bbolt = [UInt8](repeating: 0, count: 20)
        bbolt[16..<20] = [0xED, 0xDA, 0x0C, 0xED]
        var lmdb = [UInt8](repeating: 0, count: 20)
        lmdb[16..<20] = [0xDE, 0xC0, 0xEF, 0xBE]
        #expect(SnapshotFileKind(header: bbolt) == .bbolt)
        #expect(SnapshotFileKind(header: lmdb) == .lmdb)
        #expect(SnapshotFileKind(header: Array("hello\n".utf8)) == .unknown)
    }

    @Test func printsAsEtcdctl() throws {
        let status = SnapshotStatus(hash: 0x7E34_A6EB, revision: 6656, totalKeys: 23608, totalSizeBytes: 20480)
        #expect(try Printer(format: .simple).snapshotStatus(status).text == "7e34a6eb, 6656, 23608, 20 kB\n")
        #expect(try Printer(format: .json).snapshotStatus(status).text == #"{"hash":2117379819,"revision":6656,"totalKey":23608,"totalSize":20480}"# + "\n")
        #expect(try Printer(format: .fields).snapshotStatus(status).text == "\"Hash\" : 2117379819\n\"Revision\" : 6656\n\"Keys\" : 23608\n\"Size\" : 20480\n")
        #expect(try Printer(format: .lines).snapshotStatus(status).text == "7e34a6eb\t6656\t23608\t20480\n")
    }
}
