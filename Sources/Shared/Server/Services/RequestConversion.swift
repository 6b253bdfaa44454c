import API
import GRPCCore
import MVCC

// The client's protobuf requests as the store's requests. Each conversion throws only for
// what the store cannot express: enum values etcd does not know, and an empty `RequestOp`
// (etcd's "key not found").

extension RangeRequest {
    init(_ request: Etcdserverpb_RangeRequest) throws(RPCError) {
        self.init(
            key: Array(request.key), rangeEnd: Array(request.rangeEnd), limit: request.limit,
            revision: request.revision, sortOrder: try SortOrder(request.sortOrder),
            sortTarget: try SortTarget(request.sortTarget), keysOnly: request.keysOnly,
            countOnly: request.countOnly, minModRevision: request.minModRevision,
            maxModRevision: request.maxModRevision, minCreateRevision: request.minCreateRevision,
            maxCreateRevision: request.maxCreateRevision)
    }
}

extension RangeRequest.SortOrder {
    init(_ order: Etcdserverpb_RangeRequest.SortOrder) throws(RPCError) {
        switch order {
        case .none: self = .none
        case .ascend: self = .ascend
        case .descend: self = .descend
        case .UNRECOGNIZED(let value): throw EtcdError.unknownEnumValue("sort order", value)
        }
    }
}

extension RangeRequest.SortTarget {
    init(_ target: Etcdserverpb_RangeRequest.SortTarget) throws(RPCError) {
        switch target {
        case .key: self = .key
        case .version: self = .version
        case .create: self = .create
        case .mod: self = .mod
        case .value: self = .value
        case .UNRECOGNIZED(let value): throw EtcdError.unknownEnumValue("sort target", value)
        }
    }
}

extension PutRequest {
    init(_ request: Etcdserverpb_PutRequest) {
        self.init(
            key: Array(request.key), value: Array(request.value), lease: request.lease,
            prevKV: request.prevKv, ignoreValue: request.ignoreValue, ignoreLease: request.ignoreLease)
    }
}

extension DeleteRangeRequest {
    init(_ request: Etcdserverpb_DeleteRangeRequest) {
        self.init(key: Array(request.key), rangeEnd: Array(request.rangeEnd), prevKV: request.prevKv)
    }
}

extension Compare {
    /// As etcd reads a compare: `target` names the field, and the operand is taken from
    /// `target_union` only when it holds that field (otherwise 0, or the empty value).
    init(_ compare: Etcdserverpb_Compare) throws(RPCError) {
        let operand = compare.targetUnion
        let target: Target
        switch compare.target {
        case .version:
            if case .version(let value) = operand { target = .version(value) } else { target = .version(0) }
        case .create:
            if case .createRevision(let value) = operand { target = .create(value) } else { target = .create(0) }
        case .mod:
            if case .modRevision(let value) = operand { target = .mod(value) } else { target = .mod(0) }
        case .value:
            if case .value(let value) = operand { target = .value(Array(value)) } else { target = .value([]) }
        case .lease:
            if case .lease(let value) = operand { target = .lease(value) } else { target = .lease(0) }
        case .UNRECOGNIZED(let value):
            throw EtcdError.unknownEnumValue("compare target", value)
        }
        self.init(key: Array(compare.key), rangeEnd: Array(compare.rangeEnd), target: target,
                  result: try Result(compare.result))
    }
}

extension Compare.Result {
    init(_ result: Etcdserverpb_Compare.CompareResult) throws(RPCError) {
        switch result {
        case .equal: self = .equal
        case .greater: self = .greater
        case .less: self = .less
        case .notEqual: self = .notEqual
        case .UNRECOGNIZED(let value): throw EtcdError.unknownEnumValue("compare result", value)
        }
    }
}

extension RequestOp {
    init(_ op: Etcdserverpb_RequestOp) throws(RPCError) {
        switch op.request {
        case .requestRange(let range): self = .range(try RangeRequest(range))
        case .requestPut(let put): self = .put(PutRequest(put))
        case .requestDeleteRange(let delete): self = .deleteRange(DeleteRangeRequest(delete))
        case .requestTxn(let txn): self = .txn(try TxnRequest(txn))
        case nil: throw EtcdError.keyNotFound
        }
    }
}

extension TxnRequest {
    init(_ request: Etcdserverpb_TxnRequest) throws(RPCError) {
        self.init(
            compare: try request.compare.map { compare throws(RPCError) in try Compare(compare) },
            success: try request.success.map { op throws(RPCError) in try RequestOp(op) },
            failure: try request.failure.map { op throws(RPCError) in try RequestOp(op) })
    }
}
