import API
import Foundation
import GRPCCore
import MVCC
import Testing
@testable import Server

/// The protobuf <-> store conversions, field by field.
@Suite struct ServiceConversionTests {
    static func bytes(_ text: String) -> Data { Data(text.utf8) }

    @Test func aRangeRequestKeepsEveryField() throws {
        var proto = Etcdserverpb_RangeRequest()
        proto.key = Self.bytes("a")
        proto.rangeEnd = Self.bytes("z")
        proto.limit = 7
        proto.revision = 42
        proto.sortOrder = .descend
        proto.sortTarget = .mod
        proto.serializable = true
        proto.keysOnly = true
        proto.countOnly = true
        proto.minModRevision = 1
        proto.maxModRevision = 2
        proto.minCreateRevision = 3
        proto.maxCreateRevision = 4
        let range = try RangeRequest(proto)
        #expect(range == RangeRequest(
            key: Array("a".utf8), rangeEnd: Array("z".utf8), limit: 7, revision: 42, sortOrder: .descend,
            sortTarget: .mod, keysOnly: true, countOnly: true, minModRevision: 1, maxModRevision: 2,
            minCreateRevision: 3, maxCreateRevision: 4))
    }

    @Test(arguments: [
        (Etcdserverpb_RangeRequest.SortOrder.none, RangeRequest.SortOrder.none),
        (.ascend, .ascend), (.descend, .descend),
    ])
    func sortOrders(proto: Etcdserverpb_RangeRequest.SortOrder, store: RangeRequest.SortOrder) throws {
        #expect(try RangeRequest.SortOrder(proto) == store)
    }

    @Test(arguments: [
        (Etcdserverpb_RangeRequest.SortTarget.key, RangeRequest.SortTarget.key),
        (.version, .version), (.create, .create), (.mod, .mod), (.value, .value),
    ])
    func sortTargets(proto: Etcdserverpb_RangeRequest.SortTarget, store: RangeRequest.SortTarget) throws {
        #expect(try RangeRequest.SortTarget(proto) == store)
    }

    @Test func unknownEnumValuesAreRefusedNotGuessed() {
        var range = Etcdserverpb_RangeRequest()
        range.key = Self.bytes("a")
        range.sortOrder = .UNRECOGNIZED(9)
        #expect(throws: RPCError.self) { try RangeRequest(range) }
        range.sortOrder = .none
        range.sortTarget = .UNRECOGNIZED(9)
        #expect(throws: RPCError.self) { try RangeRequest(range) }
        var compare = Etcdserverpb_Compare()
        compare.key = Self.bytes("a")
        compare.result = .UNRECOGNIZED(5)
        let error = #expect(throws: RPCError.self) { try Compare(compare) }
        #expect(error?.code == .invalidArgument)
        compare.result = .equal
        compare.target = .UNRECOGNIZED(5)
        #expect(throws: RPCError.self) { try Compare(compare) }
    }

    @Test func putAndDeleteKeepEveryField() {
        var put = Etcdserverpb_PutRequest()
        put.key = Self.bytes("k")
        put.value = Self.bytes("v")
        put.lease = 9
        put.prevKv = true
        put.ignoreValue = true
        put.ignoreLease = true
        #expect(PutRequest(put) == PutRequest(
            key: Array("k".utf8), value: Array("v".utf8), lease: 9, prevKV: true, ignoreValue: true, ignoreLease: true))

        var delete = Etcdserverpb_DeleteRangeRequest()
        delete.key = Self.bytes("a")
        delete.rangeEnd = Data([0])
        delete.prevKv = true
        #expect(DeleteRangeRequest(delete) == DeleteRangeRequest(key: Array("a".utf8), rangeEnd: [0], prevKV: true))
    }

    static func compare(
        _ target: Etcdserverpb_Compare.CompareTarget, _ operand: Etcdserverpb_Compare.OneOf_TargetUnion?
    ) -> Etcdserverpb_Compare {
        var compare = Etcdserverpb_Compare()
        compare.key = bytes("k")
        compare.rangeEnd = bytes("l")
        compare.target = target
        compare.targetUnion = operand
        compare.result = .notEqual
        return compare
    }

    @Test func compareTargetsTakeTheirOperand() throws {
        let cases: [(Etcdserverpb_Compare, Compare.Target)] = [
            (Self.compare(.version, .version(3)), .version(3)),
            (Self.compare(.create, .createRevision(4)), .create(4)),
            (Self.compare(.mod, .modRevision(5)), .mod(5)),
            (Self.compare(.value, .value(Self.bytes("x"))), .value(Array("x".utf8))),
            (Self.compare(.lease, .lease(6)), .lease(6)),
        ]
        for (proto, target) in cases {
            #expect(try Compare(proto) == Compare(key: Array("k".utf8), rangeEnd: Array("l".utf8), target: target, result: .notEqual))
        }
    }

    /// etcd reads the operand of the target's own kind only; another kind counts as zero.
    @Test func aCompareOperandOfAnotherKindCountsAsZero() throws {
        #expect(try Compare(Self.compare(.mod, .version(3))).target == .mod(0))
        #expect(try Compare(Self.compare(.value, .lease(3))).target == .value([]))
        #expect(try Compare(Self.compare(.lease, nil)).target == .lease(0))
    }

    @Test(arguments: [
        (Etcdserverpb_Compare.CompareResult.equal, Compare.Result.equal),
        (.greater, .greater), (.less, .less), (.notEqual, .notEqual),
    ])
    func compareResults(proto: Etcdserverpb_Compare.CompareResult, store: Compare.Result) throws {
        #expect(try Compare.Result(proto) == store)
    }

    @Test func aNestedTxnConvertsEveryOp() throws {
        var inner = Etcdserverpb_TxnRequest()
        var put = Etcdserverpb_PutRequest()
        put.key = Self.bytes("p")
        inner.failure = [Etcdserverpb_RequestOp.with { $0.requestPut = put }]
        var range = Etcdserverpb_RangeRequest()
        range.key = Self.bytes("r")
        var delete = Etcdserverpb_DeleteRangeRequest()
        delete.key = Self.bytes("d")
        var txn = Etcdserverpb_TxnRequest()
        txn.compare = [Self.compare(.version, .version(1))]
        txn.success = [
            .with { $0.requestRange = range },
            .with { $0.requestDeleteRange = delete },
            .with { $0.requestTxn = inner },
        ]
        let converted = try TxnRequest(txn)
        #expect(converted == TxnRequest(
            compare: [Compare(key: Array("k".utf8), rangeEnd: Array("l".utf8), target: .version(1), result: .notEqual)],
            success: [
                .range(RangeRequest(key: Array("r".utf8))),
                .deleteRange(DeleteRangeRequest(key: Array("d".utf8))),
                .txn(TxnRequest(failure: [.put(PutRequest(key: Array("p".utf8)))])),
            ]))
    }

    @Test func anEmptyRequestOpIsEtcdsKeyNotFound() {
        var txn = Etcdserverpb_TxnRequest()
        txn.success = [Etcdserverpb_RequestOp()]
        #expect(throws: EtcdError.keyNotFound) { try TxnRequest(txn) }
    }

    static let kv = KeyValue(
        key: Array("k".utf8), createRevision: 2, modRevision: 5, version: 3, value: Array("v".utf8), lease: 7)

    @Test func keyValuesRoundTrip() {
        let proto = Mvccpb_KeyValue(Self.kv)
        #expect(proto.key == Self.bytes("k"))
        #expect(proto.createRevision == 2)
        #expect(proto.modRevision == 5)
        #expect(proto.version == 3)
        #expect(proto.value == Self.bytes("v"))
        #expect(proto.lease == 7)
        #expect(KeyValue(proto) == Self.kv)
    }

    @Test func eventsCarryTheirTypeAndPreviousValue() {
        let put = Mvccpb_Event(Event(type: .put, kv: Self.kv))
        #expect(put.type == .put)
        #expect(put.kv == Mvccpb_KeyValue(Self.kv))
        #expect(!put.hasPrevKv)

        let deleted = KeyValue(key: Self.kv.key, createRevision: 0, modRevision: 6, version: 0, value: [])
        let delete = Mvccpb_Event(Event(type: .delete, kv: deleted, prevKV: Self.kv))
        #expect(delete.type == .delete)
        #expect(delete.kv.modRevision == 6)
        #expect(delete.prevKv == Mvccpb_KeyValue(Self.kv))
    }

    static let header = Etcdserverpb_ResponseHeader.with {
        $0.clusterID = 1
        $0.memberID = 2
        $0.revision = 9
        $0.raftTerm = 3
    }

    @Test func rangeAndDeleteResponsesKeepEveryField() {
        let range = Etcdserverpb_RangeResponse(RangeResponse(revision: 9, kvs: [Self.kv], more: true, count: 4), header: Self.header)
        #expect(range.header == Self.header)
        #expect(range.kvs == [Mvccpb_KeyValue(Self.kv)])
        #expect(range.more)
        #expect(range.count == 4)

        let delete = Etcdserverpb_DeleteRangeResponse(DeleteRangeResponse(revision: 9, deleted: 1, prevKVs: [Self.kv]), header: Self.header)
        #expect(delete.header == Self.header)
        #expect(delete.deleted == 1)
        #expect(delete.prevKvs == [Mvccpb_KeyValue(Self.kv)])
    }

    @Test func aPutResponseHasAPreviousValueOnlyWhenThereWasOne() {
        #expect(!Etcdserverpb_PutResponse(PutResponse(revision: 9), header: Self.header).hasPrevKv)
        let put = Etcdserverpb_PutResponse(PutResponse(revision: 9, prevKV: Self.kv), header: Self.header)
        #expect(put.header == Self.header)
        #expect(put.prevKv == Mvccpb_KeyValue(Self.kv))
    }

    /// As etcd: the outer header is the server's, nested ones carry only their revision.
    @Test func nestedTxnResponsesCarryOnlyTheirRevision() {
        let txn = TxnResponse(revision: 9, succeeded: true, responses: [
            .put(PutResponse(revision: 8)),
            .range(RangeResponse(revision: 8, kvs: [Self.kv], more: false, count: 1)),
            .txn(TxnResponse(revision: 9, succeeded: false, responses: [.deleteRange(DeleteRangeResponse(revision: 9, deleted: 2))])),
        ])
        let proto = Etcdserverpb_TxnResponse(txn, header: Self.header)
        #expect(proto.header == Self.header)
        #expect(proto.succeeded)
        #expect(proto.responses.count == 3)
        #expect(proto.responses[0].responsePut.header == Etcdserverpb_ResponseHeader(revision: 8))
        #expect(proto.responses[1].responseRange.kvs == [Mvccpb_KeyValue(Self.kv)])
        #expect(proto.responses[1].responseRange.header.clusterID == 0)
        let nested = proto.responses[2].responseTxn
        #expect(!nested.succeeded)
        #expect(nested.header == Etcdserverpb_ResponseHeader(revision: 9))
        #expect(nested.responses[0].responseDeleteRange.deleted == 2)
        #expect(nested.responses[0].responseDeleteRange.header.revision == 9)
    }
}
