import Foundation
import Testing
@testable import MVCC

/// Alarms as replicated state: raised and cleared by applied requests, kept in the store (so
/// across a reopen, a defragmentation and a backup), and NOSPACE refusing what adds data.
@Suite struct AlarmTests {
    static let noSpace = AlarmMember(memberID: 0xabc, alarm: .noSpace)

    static func change(_ action: AlarmChange.Action, _ member: AlarmMember = noSpace) -> Request {
        .alarm(AlarmChange(action: action, member: member))
    }

    @Test func alarmsAreRaisedListedAndClearedAsEtcdAnswers() throws {
        let scratch = ScratchDirectory()
        let store = TestStore(try openTestStore(scratch.file("db")))
        let corrupt = AlarmMember(memberID: 0x1, alarm: .corrupt)
        #expect(try store.apply(Self.change(.activate)).response == .alarm(revision: 1, alarms: [Self.noSpace]))
        #expect(try store.apply(Self.change(.activate)).response == .alarm(revision: 1, alarms: [Self.noSpace]),
                "raising a raised alarm answers it again")
        try store.apply(Self.change(.activate, corrupt))
        #expect(try store.store.alarms() == [corrupt, Self.noSpace], "listed in member-id order")
        #expect(try store.apply(Self.change(.deactivate)).response == .alarm(revision: 1, alarms: [Self.noSpace]))
        #expect(try store.apply(Self.change(.deactivate)).response == .alarm(revision: 1, alarms: []))
        #expect(try store.store.alarms() == [corrupt])
        #expect(try store.store.state().revision == 1, "alarms make no revision")
    }

    @Test func nospaceRefusesWhatAddsDataAndLetsTheRestThrough() throws {
        let scratch = ScratchDirectory()
        let store = TestStore(try openTestStore(scratch.file("db")))
        try store.put("k", "v")
        try store.apply(.leaseGrant(id: 5, ttl: 60))
        // The alarm and the refused put in one batch: the order of the log decides.
        let batch = try store.apply([Self.change(.activate), .put(PutRequest(key: bytes("k"), value: bytes("2")))])
        #expect(batch[1].error == .noSpace)
        let put = PutRequest(key: bytes("new"), value: bytes("v"))
        #expect(try store.apply(.leaseGrant(id: 6, ttl: 60)).error == .noSpace)
        #expect(try store.apply(.txn(TxnRequest(failure: [.put(put)]))).error == .noSpace, "a put in the branch not taken counts")
        #expect(try store.apply(.txn(TxnRequest(success: [.txn(TxnRequest(success: [.put(put)]))]))).error == .noSpace)
        #expect(try store.apply(.txn(TxnRequest(success: [.range(RangeRequest(key: bytes("k")))]))).error == nil)
        #expect(try store.apply(.deleteRange(DeleteRangeRequest(key: bytes("k")))).error == nil)
        #expect(try store.apply(.leaseRevoke(id: 5)).error == nil)
        #expect(try store.apply(.compact(revision: try store.store.state().revision)).error == nil)
        // Another alarm type does not hold writes off.
        try store.apply([Self.change(.deactivate), Self.change(.activate, AlarmMember(memberID: 2, alarm: .corrupt))])
        #expect(try store.put("k", "3").error == nil)
    }

    @Test func alarmsOutliveReopeningDefragmentingAndBackups() throws {
        let scratch = ScratchDirectory()
        let store = TestStore(try openTestStore(scratch.file("db")))
        try store.apply(Self.change(.activate))
        _ = try store.store.defragment()
        #expect(try store.store.alarms() == [Self.noSpace])
        try store.store.backup(to: scratch.file("backup"))
        store.store.close()

        let reopened = TestStore(try openTestStore(scratch.file("db")))
        #expect(try reopened.store.alarms() == [Self.noSpace])
        #expect(try reopened.put("k", "v").error == .noSpace)
        let other = TestStore(try openTestStore(scratch.file("other")))
        try other.store.restore(from: scratch.file("backup"))
        #expect(try other.store.alarms() == [Self.noSpace])
        reopened.store.close()
        other.store.close()
    }
}
