@testable import MVCC

/// The store's semantics over plain Swift collections: the whole history as one list,
/// every read a naive scan. Written from etcd's rules, not from the store's code, so that the
/// two can disagree.
struct ReferenceModel {
    struct Change: Equatable {
        var main: Int64
        var sub: Int64
        var key: [UInt8]
        /// nil for a delete.
        var kv: KeyValue?
    }

    static let maxKeyBytes = 511

    var revision: Int64 = 1
    var compactRevision: Int64 = 0
    var appliedIndex: UInt64 = 0
    /// In revision order.
    var changes: [Change] = []
    var leases: [Int64: Int64] = [:]
    var alarms: Set<AlarmMember> = []

    var state: StoreState {
        StoreState(revision: revision, compactRevision: compactRevision, appliedIndex: appliedIndex)
    }

    // MARK: Reads

    static func inRange(_ key: [UInt8], start: [UInt8], end: [UInt8]) -> Bool {
        if end.isEmpty { return key == start }
        if key.lexicographicallyPrecedes(start) { return false }
        return end == [0] || key.lexicographicallyPrecedes(end)
    }

    /// The key's state after every change up to `main` (all when nil), and the changes
    /// before (main, sub) when `sub` is given.
    func kv(of key: [UInt8], upTo main: Int64?, beforeSub sub: Int64? = nil) -> KeyValue? {
        let last = changes.last { change in
            guard change.key == key else { return false }
            guard let main else { return true }
            if let sub { return change.main < main || (change.main == main && change.sub < sub) }
            return change.main <= main
        }
        return last?.kv
    }

    func liveKeys(start: [UInt8], end: [UInt8], upTo main: Int64?) -> [KeyValue] {
        let keys = Set(changes.map(\.key).filter { Self.inRange($0, start: start, end: end) })
        return keys.sorted { $0.lexicographicallyPrecedes($1) }.compactMap { kv(of: $0, upTo: main) }
    }

    func checkRevision(_ revision: Int64) -> MVCCError? {
        if revision > self.revision { return .futureRevision }
        if revision > 0 && revision < compactRevision { return .compacted }
        return nil
    }

    /// `latest`: read through pending changes (inside a txn) when the request names no revision.
    func range(_ request: RangeRequest, header: Int64? = nil) -> Result<RangeResponse, MVCCError> {
        if let error = checkRevision(request.revision) { return .failure(error) }
        let all = liveKeys(
            start: request.key, end: request.rangeEnd, upTo: request.revision > 0 ? request.revision : nil)
        var kvs = all.filter { kv in
            (request.minModRevision == 0 || kv.modRevision >= request.minModRevision)
                && (request.maxModRevision == 0 || kv.modRevision <= request.maxModRevision)
                && (request.minCreateRevision == 0 || kv.createRevision >= request.minCreateRevision)
                && (request.maxCreateRevision == 0 || kv.createRevision <= request.maxCreateRevision)
        }
        let filtered = request.minModRevision != 0 || request.maxModRevision != 0
            || request.minCreateRevision != 0 || request.maxCreateRevision != 0
        if request.sortOrder == .none && !filtered && request.limit > 0 {
            // etcd's quirk: with no sort order it reads limit + 1 keys, then sorts those alone.
            kvs = Array(kvs.prefix(Int(request.limit) + 1))
        }
        let descending = request.sortOrder == .descend
        if request.sortTarget == .key {
            if descending { kvs.reverse() }
        } else {
            kvs.sort { lhs, rhs in
                let order = Self.order(lhs, rhs, request.sortTarget)
                if order == 0 { return lhs.key.lexicographicallyPrecedes(rhs.key) }
                return descending ? order > 0 : order < 0
            }
        }
        var more = false
        if request.countOnly {
            kvs = []
        } else if request.limit > 0 && kvs.count > request.limit {
            kvs = Array(kvs.prefix(Int(request.limit)))
            more = true
        }
        if request.keysOnly {
            kvs = kvs.map { var kv = $0; kv.value = []; return kv }
        }
        return .success(RangeResponse(revision: header ?? revision, kvs: kvs, more: more, count: Int64(all.count)))
    }

    private static func order(_ lhs: KeyValue, _ rhs: KeyValue, _ target: RangeRequest.SortTarget) -> Int {
        func sign<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
        switch target {
        case .key: return lhs.key == rhs.key ? 0 : (lhs.key.lexicographicallyPrecedes(rhs.key) ? -1 : 1)
        case .version: return sign(lhs.version, rhs.version)
        case .create: return sign(lhs.createRevision, rhs.createRevision)
        case .mod: return sign(lhs.modRevision, rhs.modRevision)
        case .value: return lhs.value == rhs.value ? 0 : (lhs.value.lexicographicallyPrecedes(rhs.value) ? -1 : 1)
        }
    }

    /// A `limit` cut falls only between revisions; the response then ends where the cut is.
    func events(
        from: Int64, key: [UInt8], rangeEnd: [UInt8], prevKV: Bool, limit: Int
    ) -> Result<EventsResponse, MVCCError> {
        if compactRevision > 0 && from <= compactRevision { return .failure(.compacted) }
        let all = changes.filter { $0.main >= from && Self.inRange($0.key, start: key, end: rangeEnd) }.map { change in
            event(for: change, prevKV: prevKV ? kv(of: change.key, upTo: change.main, beforeSub: change.sub) : nil)
        }
        if limit > 0 && all.count > limit {
            let lastMain = all[limit - 1].kv.modRevision
            if let cut = all[limit...].firstIndex(where: { $0.kv.modRevision > lastMain }) {
                return .success(EventsResponse(events: Array(all[..<cut]), revision: all[cut].kv.modRevision - 1))
            }
        }
        return .success(EventsResponse(events: all, revision: revision))
    }

    private func event(for change: Change, prevKV: KeyValue?) -> Event {
        if let kv = change.kv { return Event(type: .put, kv: kv, prevKV: prevKV) }
        let tombstone = KeyValue(key: change.key, createRevision: 0, modRevision: change.main, version: 0, value: [])
        return Event(type: .delete, kv: tombstone, prevKV: prevKV)
    }

    // MARK: Writes

    mutating func apply(_ batch: [IndexedRequest]) -> [AppliedRequest] {
        var applied: [AppliedRequest] = []
        for entry in batch where entry.index > appliedIndex {
            let before = changes.count
            let result = apply(entry.request)
            // Compaction only removes changes; every other request only appends.
            let appended = changes.count > before ? Array(changes[before...]) : []
            let events = appended.map { change in
                event(for: change, prevKV: kv(of: change.key, upTo: change.main, beforeSub: change.sub))
            }
            if case .failure = result { precondition(events.isEmpty, "model wrote in a failed request") }
            applied.append(AppliedRequest(index: entry.index, result: result, events: events))
            appliedIndex = entry.index
        }
        return applied
    }

    private mutating func apply(_ request: Request) -> Result<Response, MVCCError> {
        var pending = Pending(main: revision + 1)
        let result: Result<Response, MVCCError>
        if alarms.contains(where: { $0.alarm == .noSpace }) && Self.mayGrow(request) { return .failure(.noSpace) }
        switch request {
        case .put(let put):
            result = checkPut(put).map { .failure($0) } ?? .success(.put(doPut(put, &pending)))
        case .deleteRange(let delete):
            result = .success(.deleteRange(doDelete(delete, &pending)))
        case .txn(let txn):
            result = doTxn(txn, &pending).map { .txn($0) }
        case .compact(let target):
            if target <= compactRevision { return .failure(.compacted) }
            if target > revision { return .failure(.futureRevision) }
            compact(at: target)
            result = .success(.compact(revision: revision))
        case .leaseGrant(let id, let ttl):
            if id == 0 { return .failure(.leaseNotFound) }
            if ttl > 9_000_000_000 { return .failure(.leaseTTLTooLarge) }
            if leases[id] != nil { return .failure(.leaseExists) }
            leases[id] = ttl
            result = .success(.leaseGrant(revision: revision, id: id, ttl: ttl))
        case .leaseRevoke(let id):
            guard leases.removeValue(forKey: id) != nil else { return .failure(.leaseNotFound) }
            for kv in liveKeys(start: [0], end: [0], upTo: nil) where kv.lease == id {
                remove(kv.key, &pending)
            }
            result = .success(.leaseRevoke(revision: pending.revision(revision)))
        case .alarm(let change):
            let changed: AlarmMember? = switch change.action {
            case .activate: alarms.insert(change.member).memberAfterInsert
            case .deactivate: alarms.remove(change.member)
            }
            result = .success(.alarm(revision: revision, alarms: changed.map { [$0] } ?? []))
        }
        if pending.changed { revision += 1 }
        return result
    }

    /// etcd refuses these under NOSPACE: puts, lease grants, and txns with a put anywhere in
    /// them, whichever branch would run.
    private static func mayGrow(_ request: Request) -> Bool {
        func hasPut(_ txn: TxnRequest) -> Bool {
            (txn.success + txn.failure).contains { op in
                if case .put = op { return true }
                if case .txn(let inner) = op { return hasPut(inner) }
                return false
            }
        }
        switch request {
        case .put, .leaseGrant: return true
        case .txn(let txn): return hasPut(txn)
        default: return false
        }
    }

    private struct Pending {
        var main: Int64
        var sub: Int64 = 0
        var changed: Bool { sub > 0 }
        func revision(_ current: Int64) -> Int64 { changed ? main : current }
    }

    private func checkPut(_ put: PutRequest) -> MVCCError? {
        if put.key.isEmpty { return .emptyKey }
        if put.key.count > Self.maxKeyBytes { return .keyTooLarge }
        if (put.ignoreValue || put.ignoreLease) && kv(of: put.key, upTo: nil) == nil { return .keyNotFound }
        if put.lease != 0 && leases[put.lease] == nil { return .leaseNotFound }
        return nil
    }

    private mutating func doPut(_ put: PutRequest, _ pending: inout Pending) -> PutResponse {
        let previous = kv(of: put.key, upTo: nil)
        let kv = KeyValue(
            key: put.key, createRevision: previous?.createRevision ?? pending.main, modRevision: pending.main,
            version: (previous?.version ?? 0) + 1,
            value: put.ignoreValue ? previous?.value ?? [] : put.value,
            lease: put.ignoreLease ? previous?.lease ?? 0 : put.lease)
        changes.append(Change(main: pending.main, sub: pending.sub, key: put.key, kv: kv))
        pending.sub += 1
        return PutResponse(revision: pending.main, prevKV: put.prevKV ? previous : nil)
    }

    private mutating func doDelete(_ delete: DeleteRangeRequest, _ pending: inout Pending) -> DeleteRangeResponse {
        let doomed = liveKeys(start: delete.key, end: delete.rangeEnd, upTo: nil)
        for kv in doomed { remove(kv.key, &pending) }
        return DeleteRangeResponse(
            revision: pending.revision(revision), deleted: Int64(doomed.count), prevKVs: delete.prevKV ? doomed : [])
    }

    private mutating func remove(_ key: [UInt8], _ pending: inout Pending) {
        changes.append(Change(main: pending.main, sub: pending.sub, key: key, kv: nil))
        pending.sub += 1
    }

    private mutating func compact(at target: Int64) {
        var keep: [Change] = []
        for (index, change) in changes.enumerated() {
            let superseded = changes[(index + 1)...].contains { $0.key == change.key && $0.main <= target }
            if change.main > target || (!superseded && change.kv != nil) { keep.append(change) }
        }
        changes = keep
        compactRevision = target
    }

    // MARK: Txn

    /// A write on one branch path, for the duplicate-key rule.
    private enum Write {
        case put([UInt8])
        case delete(start: [UInt8], end: [UInt8])
    }

    /// Every combination of branches the ops may take, as the writes of each.
    private static func paths(_ ops: [RequestOp]) -> [[Write]] {
        var paths: [[Write]] = [[]]
        for op in ops {
            let alternatives: [[Write]] = switch op {
            case .range: [[]]
            case .put(let put): [[.put(put.key)]]
            case .deleteRange(let delete): [[.delete(start: delete.key, end: delete.rangeEnd)]]
            case .txn(let txn): Self.paths(txn.success) + Self.paths(txn.failure)
            }
            paths = paths.flatMap { path in alternatives.map { path + $0 } }
        }
        return paths
    }

    private static func hasDuplicate(_ path: [Write]) -> Bool {
        let puts = path.compactMap { if case .put(let key) = $0 { key } else { nil } }
        if Set(puts).count != puts.count { return true }
        return path.contains { write in
            guard case .delete(let start, let end) = write else { return false }
            return puts.contains { inRange($0, start: start, end: end) }
        }
    }

    private func holds(_ compare: Compare) -> Bool {
        let kvs = liveKeys(start: compare.key, end: compare.rangeEnd, upTo: nil)
        if kvs.isEmpty, case .value = compare.target { return false }
        let subjects = kvs.isEmpty
            ? [KeyValue(key: compare.key, createRevision: 0, modRevision: 0, version: 0, value: [])] : kvs
        return subjects.allSatisfy { kv in
            let order: Int
            switch compare.target {
            case .version(let v): order = kv.version < v ? -1 : (kv.version == v ? 0 : 1)
            case .create(let v): order = kv.createRevision < v ? -1 : (kv.createRevision == v ? 0 : 1)
            case .mod(let v): order = kv.modRevision < v ? -1 : (kv.modRevision == v ? 0 : 1)
            case .lease(let v): order = kv.lease < v ? -1 : (kv.lease == v ? 0 : 1)
            case .value(let v): order = kv.value == v ? 0 : (kv.value.lexicographicallyPrecedes(v) ? -1 : 1)
            }
            switch compare.result {
            case .equal: return order == 0
            case .notEqual: return order != 0
            case .greater: return order > 0
            case .less: return order < 0
            }
        }
    }

    /// The ops that will run, with the compare outcome of every txn, decided up front.
    private indirect enum Plan {
        case op(RequestOp)
        case txn(succeeded: Bool, [Plan])
    }

    private func plan(_ txn: TxnRequest) -> Plan {
        let succeeded = txn.compare.allSatisfy(holds)
        return .txn(succeeded: succeeded, (succeeded ? txn.success : txn.failure).map { op in
            if case .txn(let inner) = op { return plan(inner) }
            return .op(op)
        })
    }

    private static func flatten(_ plan: Plan) -> [RequestOp] {
        switch plan {
        case .op(let op): [op]
        case .txn(_, let plans): plans.flatMap(flatten)
        }
    }

    private mutating func doTxn(_ txn: TxnRequest, _ pending: inout Pending) -> Result<TxnResponse, MVCCError> {
        if (Self.paths(txn.success) + Self.paths(txn.failure)).contains(where: Self.hasDuplicate) {
            return .failure(.duplicateKey)
        }
        let plan = plan(txn)
        let ops = Self.flatten(plan)
        for case .put(let put) in ops {
            if let error = checkPut(put) { return .failure(error) }
        }
        for case .range(let range) in ops {
            if let error = checkRevision(range.revision) { return .failure(error) }
        }
        return .success(run(plan, &pending))
    }

    private mutating func run(_ plan: Plan, _ pending: inout Pending) -> TxnResponse {
        guard case .txn(let succeeded, let plans) = plan else { preconditionFailure("not a txn plan") }
        var responses: [ResponseOp] = []
        for step in plans {
            switch step {
            case .txn: responses.append(.txn(run(step, &pending)))
            case .op(.range(let range)):
                guard case .success(let response) = self.range(range, header: pending.revision(revision)) else {
                    preconditionFailure("a range passed its check and failed")
                }
                responses.append(.range(response))
            case .op(.put(let put)): responses.append(.put(doPut(put, &pending)))
            case .op(.deleteRange(let delete)): responses.append(.deleteRange(doDelete(delete, &pending)))
            case .op(.txn): preconditionFailure("planned txn left as an op")
            }
        }
        return TxnResponse(revision: pending.revision(revision), succeeded: succeeded, responses: responses)
    }
}
