/// Put and DeleteRange, alone or inside a txn.
extension Applier {
    func put(_ request: PutRequest, _ writer: inout HistoryWriter) throws(MVCCError) -> PutResponse {
        try checkPut(request)
        return try executePut(request, &writer)
    }

    /// etcd's `checkRequestPut`, plus LMDB's key size limit.
    func checkPut(_ request: PutRequest) throws(MVCCError) {
        if request.key.isEmpty { throw .emptyKey }
        if request.key.count > view.tables.maxKeyBytes { throw .keyTooLarge }
        if request.ignoreValue || request.ignoreLease, try view.keyValue(of: request.key, before: nil) == nil {
            throw .keyNotFound
        }
        if request.lease != 0, try view.lease(request.lease) == nil { throw .leaseNotFound }
    }

    /// Writes a put that `checkPut` accepted.
    func executePut(_ request: PutRequest, _ writer: inout HistoryWriter) throws(MVCCError) -> PutResponse {
        var value = request.value
        var lease = request.lease
        if request.ignoreValue || request.ignoreLease {
            guard let previous = try view.keyValue(of: request.key, before: nil) else {
                preconditionFailure("ignore_value/ignore_lease put of a missing key passed the checks")
            }
            if request.ignoreValue { value = previous.value }
            if request.ignoreLease { lease = previous.lease }
        }
        let previous = try writer.put(key: request.key, value: value, lease: lease)
        return PutResponse(revision: writer.revision, prevKV: request.prevKV ? previous : nil)
    }

    func deleteRange(_ request: DeleteRangeRequest, _ writer: inout HistoryWriter) throws(MVCCError) -> DeleteRangeResponse {
        let doomed = try view.liveKeyValues(in: KeyRange(key: request.key, rangeEnd: request.rangeEnd), before: nil)
        for kv in doomed { try writer.delete(kv) }
        return DeleteRangeResponse(
            revision: writer.revision, deleted: Int64(doomed.count), prevKVs: request.prevKV ? doomed : [])
    }
}
