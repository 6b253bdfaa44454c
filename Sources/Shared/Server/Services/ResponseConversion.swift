import API
import MVCC

// The store's responses as protobuf. The caller supplies the top-level header; responses
// nested in a txn carry only their revision, as etcd's do (etcd fills just the outer one).

extension Etcdserverpb_ResponseHeader {
    /// The header of a response nested in a txn.
    init(revision: Int64) {
        self.init()
        self.revision = revision
    }
}

extension Etcdserverpb_RangeResponse {
    init(_ response: RangeResponse, header: Etcdserverpb_ResponseHeader) {
        self.init()
        self.header = header
        kvs = response.kvs.map(Mvccpb_KeyValue.init)
        more = response.more
        count = response.count
    }
}

extension Etcdserverpb_PutResponse {
    init(_ response: PutResponse, header: Etcdserverpb_ResponseHeader) {
        self.init()
        self.header = header
        if let prevKV = response.prevKV { prevKv = Mvccpb_KeyValue(prevKV) }
    }
}

extension Etcdserverpb_DeleteRangeResponse {
    init(_ response: DeleteRangeResponse, header: Etcdserverpb_ResponseHeader) {
        self.init()
        self.header = header
        deleted = response.deleted
        prevKvs = response.prevKVs.map(Mvccpb_KeyValue.init)
    }
}

extension Etcdserverpb_TxnResponse {
    init(_ response: TxnResponse, header: Etcdserverpb_ResponseHeader) {
        self.init()
        self.header = header
        succeeded = response.succeeded
        responses = response.responses.map(Etcdserverpb_ResponseOp.init)
    }
}

extension Etcdserverpb_ResponseOp {
    init(_ response: ResponseOp) {
        self.init()
        switch response {
        case .range(let range):
            self.response = .responseRange(
                Etcdserverpb_RangeResponse(range, header: .init(revision: range.revision)))
        case .put(let put):
            self.response = .responsePut(Etcdserverpb_PutResponse(put, header: .init(revision: put.revision)))
        case .deleteRange(let delete):
            self.response = .responseDeleteRange(
                Etcdserverpb_DeleteRangeResponse(delete, header: .init(revision: delete.revision)))
        case .txn(let txn):
            self.response = .responseTxn(Etcdserverpb_TxnResponse(txn, header: .init(revision: txn.revision)))
        }
    }
}
