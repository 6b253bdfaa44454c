/// The branch each txn takes, decided from the store as it was before the request, for the
/// outer txn and every nested one alike (etcd's `compareToPath`).
struct TxnPath {
    var succeeded: Bool
    /// One per nested txn of the taken branch, in order.
    var nested: [TxnPath]
}

/// etcd's Txn: duplicate-key rule, compares, checks of the ops on the taken path, then the
/// ops in order, all at one revision with increasing sub revisions.
extension Applier {
    func txn(_ request: TxnRequest, _ writer: inout HistoryWriter) throws(MVCCError) -> TxnResponse {
        try TxnDuplicateCheck.check(request)
        let path = try path(of: request)
        // etcd checks every put on the path, then every range.
        try forEachOp(of: request, along: path) { op throws(MVCCError) in
            if case .put(let put) = op { try checkPut(put) }
        }
        try forEachOp(of: request, along: path) { op throws(MVCCError) in
            if case .range(let range) = op { try HistoryView.checkReadable(range.revision, in: state) }
        }
        return try execute(request, along: path, &writer)
    }

    private func path(of request: TxnRequest) throws(MVCCError) -> TxnPath {
        var succeeded = true
        for compare in request.compare where succeeded {
            let range = KeyRange(key: compare.key, rangeEnd: compare.rangeEnd)
            succeeded = compare.holds(over: try view.liveKeyValues(in: range, before: nil))
        }
        var nested: [TxnPath] = []
        for case .txn(let inner) in branch(of: request, succeeded) {
            nested.append(try path(of: inner))
        }
        return TxnPath(succeeded: succeeded, nested: nested)
    }

    /// Calls `body` with each range, put and delete on `path`, depth first.
    private func forEachOp(
        of request: TxnRequest, along path: TxnPath, _ body: (RequestOp) throws(MVCCError) -> Void
    ) throws(MVCCError) {
        var nested = path.nested.makeIterator()
        for op in branch(of: request, path.succeeded) {
            if case .txn(let inner) = op {
                try forEachOp(of: inner, along: Self.next(&nested), body)
            } else {
                try body(op)
            }
        }
    }

    private func execute(
        _ request: TxnRequest, along path: TxnPath, _ writer: inout HistoryWriter
    ) throws(MVCCError) -> TxnResponse {
        var responses: [ResponseOp] = []
        var nested = path.nested.makeIterator()
        for op in branch(of: request, path.succeeded) {
            switch op {
            case .range(let range):
                responses.append(.range(try view.range(range, in: state, headerRevision: writer.revision)))
            case .put(let put):
                responses.append(.put(try executePut(put, &writer)))
            case .deleteRange(let delete):
                responses.append(.deleteRange(try deleteRange(delete, &writer)))
            case .txn(let inner):
                responses.append(.txn(try execute(inner, along: Self.next(&nested), &writer)))
            }
        }
        return TxnResponse(revision: writer.revision, succeeded: path.succeeded, responses: responses)
    }

    private func branch(of request: TxnRequest, _ succeeded: Bool) -> [RequestOp] {
        succeeded ? request.success : request.failure
    }

    private static func next(_ paths: inout IndexingIterator<[TxnPath]>) -> TxnPath {
        guard let path = paths.next() else { preconditionFailure("a nested txn without its path") }
        return path
    }
}
