import API
import Foundation
import GRPCCore
import MVCC
@testable import Member
import Testing
@testable import Server

/// The KV service on a real single-member cluster.
@Suite struct ServiceKVTests {
    static func put(_ key: String, _ value: String, prevKV: Bool = false, lease: Int64 = 0) -> Etcdserverpb_PutRequest {
        .with {
            $0.key = data(key)
            $0.value = data(value)
            $0.prevKv = prevKV
            $0.lease = lease
        }
    }

    static func get(_ key: String, revision: Int64 = 0, serializable: Bool = false) -> Etcdserverpb_RangeRequest {
        .with {
            $0.key = data(key)
            $0.revision = revision
            $0.serializable = serializable
        }
    }

    @Test func aPutIsReadBackWithEtcdsHeader() async throws {
        try await withServiceContext { _, context in
            let kv = KVService(context: context)
            let put = try await kv.put(Self.put("/a", "1"))
            #expect(put.header.clusterID == 0xC1)
            #expect(put.header.memberID == 1)
            #expect(put.header.revision == 2)
            #expect(put.header.raftTerm >= 1)
            #expect(!put.hasPrevKv)

            let range = try await kv.range(Self.get("/a"))
            #expect(range.header.revision == 2)
            #expect(range.header.memberID == 1)
            #expect(range.count == 1)
            #expect(range.kvs.map(\.value) == [data("1")])
            #expect(range.kvs.first?.createRevision == 2)

            let serializable = try await kv.range(Self.get("/a", serializable: true))
            #expect(serializable.kvs == range.kvs)
        }
    }

    @Test func aPutReturnsThePreviousValueWhenAsked() async throws {
        try await withServiceContext { _, context in
            let kv = KVService(context: context)
            _ = try await kv.put(Self.put("/a", "1"))
            let second = try await kv.put(Self.put("/a", "2", prevKV: true))
            #expect(second.prevKv.value == data("1"))
            #expect(second.header.revision == 3)
        }
    }

    @Test func badPutsGetEtcdsErrors() async throws {
        try await withServiceContext { _, context in
            let kv = KVService(context: context)
            await #expect(throws: EtcdError.emptyKey) { _ = try await kv.put(Self.put("", "v")) }
            await #expect(throws: EtcdError.leaseNotFound) { _ = try await kv.put(Self.put("/a", "v", lease: 77)) }
            var ignoreValue = Self.put("/missing", "")
            ignoreValue.ignoreValue = true
            await #expect(throws: EtcdError.keyNotFound) { _ = try await kv.put(ignoreValue) }
            await #expect(throws: EtcdError.emptyKey) { _ = try await kv.range(Self.get("")) }
            await #expect(throws: EtcdError.emptyKey) { _ = try await kv.deleteRange(Etcdserverpb_DeleteRangeRequest()) }
        }
    }

    @Test func requestsOverTheSizeLimitAreRefused() async throws {
        var limits = RequestLimits()
        limits.maxRequestBytes = 64
        try await withServiceContext(limits: limits) { _, context in
            let kv = KVService(context: context)
            await #expect(throws: EtcdError.requestTooLarge) {
                _ = try await kv.put(Self.put("/big", String(repeating: "x", count: 100)))
            }
            _ = try await kv.put(Self.put("/small", "x"))
        }
    }

    @Test func rangesOutsideTheHistoryAreOutOfRange() async throws {
        try await withServiceContext { _, context in
            let kv = KVService(context: context)
            for i in 0..<3 { _ = try await kv.put(Self.put("/a", "\(i)")) }
            let compaction = try await kv.compact(.with { $0.revision = 3 })
            #expect(compaction.header.revision == 4)
            await #expect(throws: EtcdError.compacted) { _ = try await kv.range(Self.get("/a", revision: 2)) }
            await #expect(throws: EtcdError.futureRevision) { _ = try await kv.range(Self.get("/a", revision: 9)) }
            await #expect(throws: EtcdError.compacted) { _ = try await kv.compact(.with { $0.revision = 2 }) }
            let old = try await kv.range(Self.get("/a", revision: 3))
            #expect(old.kvs.map(\.value) == [data("1")])
            #expect(old.header.revision == 4)
        }
    }

    @Test func deleteRangeCountsAndReturnsWhatItDeleted() async throws {
        try await withServiceContext { _, context in
            let kv = KVService(context: context)
            _ = try await kv.put(Self.put("/d/1", "a"))
            _ = try await kv.put(Self.put("/d/2", "b"))
            let deleted = try await kv.deleteRange(.with {
                $0.key = data("/d/")
                $0.rangeEnd = data("/d0")
                $0.prevKv = true
            })
            #expect(deleted.deleted == 2)
            #expect(deleted.prevKvs.map(\.value) == [data("a"), data("b")])
            #expect(deleted.header.revision == 4)
        }
    }

    static func versionIs(_ key: String, _ version: Int64) -> Etcdserverpb_Compare {
        .with {
            $0.key = data(key)
            $0.target = .version
            $0.version = version
            $0.result = .equal
        }
    }

    @Test func aTxnTakesItsBranchAndNestsHeadersAsEtcd() async throws {
        try await withServiceContext { _, context in
            let kv = KVService(context: context)
            // As in etcd, every compare, nested ones included, sees the store before the txn.
            let nested = Etcdserverpb_TxnRequest.with {
                $0.compare = [Self.versionIs("/t", 0)]
                $0.success = [.with { $0.requestRange = Self.get("/t") }]
            }
            let txn = Etcdserverpb_TxnRequest.with {
                $0.compare = [Self.versionIs("/t", 0)]
                $0.success = [
                    .with { $0.requestPut = Self.put("/t", "v") },
                    .with { $0.requestTxn = nested },
                ]
                $0.failure = [.with { $0.requestRange = Self.get("/t") }]
            }
            let first = try await kv.txn(txn)
            #expect(first.succeeded)
            #expect(first.header.revision == 2)
            #expect(first.header.memberID == 1)
            try #require(first.responses.count == 2)
            #expect(first.responses[0].responsePut.header.revision == 2)
            #expect(first.responses[0].responsePut.header.memberID == 0)
            let inner = first.responses[1].responseTxn
            #expect(inner.succeeded)
            try #require(inner.responses.count == 1)
            #expect(inner.responses[0].responseRange.kvs.map(\.value) == [data("v")])

            let second = try await kv.txn(txn)
            #expect(!second.succeeded)
            #expect(second.header.revision == 2)
            try #require(second.responses.count == 1)
            #expect(second.responses[0].responseRange.count == 1)
        }
    }

    @Test func badTxnsGetEtcdsErrors() async throws {
        var limits = RequestLimits()
        limits.maxTxnOps = 2
        try await withServiceContext(limits: limits) { _, context in
            let kv = KVService(context: context)
            let twice = Etcdserverpb_TxnRequest.with {
                $0.success = [.with { $0.requestPut = Self.put("/k", "1") }, .with { $0.requestPut = Self.put("/k", "2") }]
            }
            await #expect(throws: EtcdError.duplicateKey) { _ = try await kv.txn(twice) }
            let many = Etcdserverpb_TxnRequest.with { $0.compare = (0..<3).map { _ in Self.versionIs("/k", 0) } }
            await #expect(throws: EtcdError.tooManyOps) { _ = try await kv.txn(many) }
            let empty = Etcdserverpb_TxnRequest.with { $0.success = [Etcdserverpb_RequestOp()] }
            await #expect(throws: EtcdError.keyNotFound) { _ = try await kv.txn(empty) }
        }
    }

    @Test func theGRPCEntryPointsMapErrorsToo() async throws {
        try await withServiceContext { _, context in
            let kv = KVService(context: context)
            await #expect(throws: EtcdError.emptyKey) {
                _ = try await kv.range(request: Etcdserverpb_RangeRequest(), context: serverContext("Range"))
            }
            let put = try await kv.put(request: Self.put("/g", "1"), context: serverContext("Put"))
            #expect(put.header.revision == 2)
        }
    }
}
