import API
import Foundation
import GRPCCore
import MVCC
@testable import Member
import Testing
@testable import Server

/// etcd's checks before proposing, and its error table: exact codes and messages.
@Suite struct ServiceValidationTests {
    static func put(
        _ key: String, value: String = "", lease: Int64 = 0, ignoreValue: Bool = false, ignoreLease: Bool = false
    ) -> Etcdserverpb_PutRequest {
        .with {
            $0.key = Data(key.utf8)
            $0.value = Data(value.utf8)
            $0.lease = lease
            $0.ignoreValue = ignoreValue
            $0.ignoreLease = ignoreLease
        }
    }

    static func putOp(_ key: String) -> Etcdserverpb_RequestOp { .with { $0.requestPut = put(key) } }

    static func txn(
        compares: Int = 0, compareKey: String = "c", success: [Etcdserverpb_RequestOp] = [],
        failure: [Etcdserverpb_RequestOp] = []
    ) -> Etcdserverpb_TxnRequest {
        .with {
            $0.compare = (0..<compares).map { _ in .with { $0.key = Data(compareKey.utf8) } }
            $0.success = success
            $0.failure = failure
        }
    }

    @Test func etcdsErrorsHaveEtcdsCodesAndMessages() {
        let table: [(RPCError, RPCError.Code, String)] = [
            (EtcdError.emptyKey, .invalidArgument, "etcdserver: key is not provided"),
            (EtcdError.keyNotFound, .invalidArgument, "etcdserver: key not found"),
            (EtcdError.valueProvided, .invalidArgument, "etcdserver: value is provided"),
            (EtcdError.leaseProvided, .invalidArgument, "etcdserver: lease is provided"),
            (EtcdError.tooManyOps, .invalidArgument, "etcdserver: too many operations in txn request"),
            (EtcdError.duplicateKey, .invalidArgument, "etcdserver: duplicate key given in txn request"),
            (EtcdError.requestTooLarge, .invalidArgument, "etcdserver: request is too large"),
            (EtcdError.compacted, .outOfRange, "etcdserver: mvcc: required revision has been compacted"),
            (EtcdError.futureRevision, .outOfRange, "etcdserver: mvcc: required revision is a future revision"),
            (EtcdError.leaseNotFound, .notFound, "etcdserver: requested lease not found"),
            (EtcdError.noLeader, .unavailable, "etcdserver: no leader"),
            (EtcdError.timeout, .unavailable, "etcdserver: request timed out"),
            (EtcdError.leaderChanged, .unavailable, "etcdserver: leader changed"),
            (EtcdError.notLeader, .failedPrecondition, "etcdserver: not leader"),
            (EtcdError.badLeaderTransferee, .failedPrecondition, "etcdserver: bad leader transferee"),
            (EtcdError.authNotEnabled, .failedPrecondition, "etcdserver: authentication is not enabled"),
        ]
        for (error, code, message) in table {
            #expect(error.code == code, "\(message)")
            #expect(error.message == message)
        }
    }

    @Test func storeErrorsMapToEtcdsErrors() {
        let table: [(MVCCError, RPCError)] = [
            (.compacted, EtcdError.compacted),
            (.futureRevision, EtcdError.futureRevision),
            (.keyNotFound, EtcdError.keyNotFound),
            (.leaseNotFound, EtcdError.leaseNotFound),
            (.leaseExists, EtcdError.leaseExists),
            (.leaseTTLTooLarge, EtcdError.leaseTTLTooLarge),
            (.duplicateKey, EtcdError.duplicateKey),
            (.emptyKey, EtcdError.emptyKey),
            (.keyTooLarge, EtcdError.requestTooLarge),
            (.closed, EtcdError.stopped),
            (.storage(code: -30_792, message: "MDB_MAP_FULL"), EtcdError.noSpace),
        ]
        for (error, expected) in table {
            #expect(EtcdError.from(error as any Error) == expected, "\(error)")
        }
        let io = EtcdError.from(MVCCError.storage(code: 5, message: "I/O error"))
        #expect(io.code == .unknown)
        #expect(io.message == MVCCError.storage(code: 5, message: "I/O error").description)
    }

    @Test func memberErrorsMapToEtcdsErrors() {
        #expect(EtcdError.from(MemberError.noLeader as any Error) == EtcdError.noLeader)
        #expect(EtcdError.from(MemberError.timeout) == EtcdError.timeout)
        #expect(EtcdError.from(MemberError.leaderChanged) == EtcdError.leaderChanged)
        #expect(EtcdError.from(MemberError.stopped) == EtcdError.stopped)
        #expect(EtcdError.from(MemberError.corruptLog("x")).code == .dataLoss)
    }

    @Test func otherErrorsKeepTheirMeaning() {
        #expect(EtcdError.from(EtcdError.tooManyOps as any Error) == EtcdError.tooManyOps)
        #expect(EtcdError.from(CancellationError()).code == .cancelled)
        struct Odd: Error {}
        #expect(EtcdError.from(Odd()).code == .unknown)
    }

    @Test func emptyKeysAreRefusedEverywhere() {
        #expect(throws: EtcdError.emptyKey) { try RequestValidation.check(Etcdserverpb_RangeRequest()) }
        #expect(throws: EtcdError.emptyKey) { try RequestValidation.check(Etcdserverpb_PutRequest()) }
        #expect(throws: EtcdError.emptyKey) { try RequestValidation.check(Etcdserverpb_DeleteRangeRequest()) }
        #expect(throws: EtcdError.emptyKey) {
            try RequestValidation.check(Self.txn(compares: 1, compareKey: ""), maxOps: 128)
        }
        #expect(throws: EtcdError.emptyKey) {
            try RequestValidation.check(Self.txn(failure: [.with { $0.requestTxn = Self.txn(success: [Self.putOp("")]) }]), maxOps: 128)
        }
    }

    @Test func ignoreValueAndIgnoreLeaseRefuseWhatTheyIgnore() throws {
        #expect(throws: EtcdError.valueProvided) {
            try RequestValidation.check(Self.put("k", value: "v", ignoreValue: true))
        }
        #expect(throws: EtcdError.leaseProvided) {
            try RequestValidation.check(Self.put("k", lease: 5, ignoreLease: true))
        }
        try RequestValidation.check(Self.put("k", lease: 5, ignoreValue: true))
        try RequestValidation.check(Self.put("k", value: "v", ignoreLease: true))
    }

    @Test func theLargestListOfATxnIsBoundedByMaxOps() throws {
        try RequestValidation.check(Self.txn(compares: 3, success: (0..<3).map { Self.putOp("s\($0)") }), maxOps: 3)
        #expect(throws: EtcdError.tooManyOps) { try RequestValidation.check(Self.txn(compares: 4), maxOps: 3) }
        #expect(throws: EtcdError.tooManyOps) {
            try RequestValidation.check(Self.txn(failure: (0..<4).map { Self.putOp("f\($0)") }), maxOps: 3)
        }
    }

    /// etcd gives a nested txn what its parent's largest list left of the budget.
    @Test func aNestedTxnGetsWhatItsParentLeft() throws {
        let nested = Etcdserverpb_RequestOp.with { $0.requestTxn = Self.txn(success: [Self.putOp("a"), Self.putOp("b")]) }
        try RequestValidation.check(Self.txn(compares: 1, success: [nested]), maxOps: 3)
        #expect(throws: EtcdError.tooManyOps) {
            try RequestValidation.check(Self.txn(compares: 2, success: [nested]), maxOps: 3)
        }
    }

    @Test func anEmptyRequestOpIsKeyNotFound() {
        #expect(throws: EtcdError.keyNotFound) {
            try RequestValidation.check(Self.txn(success: [Etcdserverpb_RequestOp()]), maxOps: 128)
        }
    }

    @Test func requestsLargerThanTheLimitAreRefused() throws {
        var limits = RequestLimits()
        limits.maxRequestBytes = 100
        try RequestValidation.checkSize(Self.put("k", value: String(repeating: "v", count: 50)), limits: limits)
        #expect(throws: EtcdError.requestTooLarge) {
            try RequestValidation.checkSize(Self.put("k", value: String(repeating: "v", count: 100)), limits: limits)
        }
    }
}
