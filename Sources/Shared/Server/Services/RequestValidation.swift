import API
import GRPCCore
import Member
import SwiftProtobuf

/// etcd's checks before a request reaches Raft (its `v3rpc/key.go`), in etcd's order, so a
/// bad request gets the same error from kvd as from etcd. Duplicate keys in a txn are left to
/// the store, which applies etcd's rule and fails the request with etcd's error.
enum RequestValidation {
    static func check(_ request: Etcdserverpb_RangeRequest) throws(RPCError) {
        if request.key.isEmpty { throw EtcdError.emptyKey }
    }

    static func check(_ request: Etcdserverpb_PutRequest) throws(RPCError) {
        if request.key.isEmpty { throw EtcdError.emptyKey }
        if request.ignoreValue && !request.value.isEmpty { throw EtcdError.valueProvided }
        if request.ignoreLease && request.lease != 0 { throw EtcdError.leaseProvided }
    }

    static func check(_ request: Etcdserverpb_DeleteRangeRequest) throws(RPCError) {
        if request.key.isEmpty { throw EtcdError.emptyKey }
    }

    /// `maxOps` bounds the compares and each branch separately; a nested txn gets what its
    /// parent's largest list left over, as in etcd.
    static func check(_ request: Etcdserverpb_TxnRequest, maxOps: Int) throws(RPCError) {
        let opCount = max(request.compare.count, request.success.count, request.failure.count)
        if opCount > maxOps { throw EtcdError.tooManyOps }
        for compare in request.compare where compare.key.isEmpty { throw EtcdError.emptyKey }
        for op in request.success + request.failure {
            try check(op, maxOps: maxOps - opCount)
        }
    }

    private static func check(_ op: Etcdserverpb_RequestOp, maxOps: Int) throws(RPCError) {
        switch op.request {
        case .requestRange(let range): try check(range)
        case .requestPut(let put): try check(put)
        case .requestDeleteRange(let delete): try check(delete)
        case .requestTxn(let txn): try check(txn, maxOps: maxOps)
        case nil: throw EtcdError.keyNotFound
        }
    }

    /// etcd refuses a proposal larger than `--max-request-bytes`; it measures the encoded
    /// Raft entry, this the client's request, which is what that entry mostly holds.
    static func checkSize(_ request: some SwiftProtobuf.Message, limits: RequestLimits) throws(RPCError) {
        let bytes: [UInt8]
        do {
            bytes = try request.serializedBytes()
        } catch {
            throw RPCError(code: .invalidArgument, message: "kvd: request does not encode: \(error)")
        }
        if bytes.count > limits.grpcMaxMessageBytes {
            // What etcd's gRPC transport answers before etcd sees the request (kvd's transport
            // reads messages up to 64 MiB, so the same words come from here).
            throw RPCError(code: .resourceExhausted,
                           message: "grpc: received message larger than max (\(bytes.count) vs. \(limits.grpcMaxMessageBytes))")
        }
        if bytes.count > limits.maxRequestBytes { throw EtcdError.requestTooLarge }
    }
}
