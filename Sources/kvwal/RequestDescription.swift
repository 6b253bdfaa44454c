import LogEntries
import MVCC
import Raft

/// Requests and conf changes in words for the simple output: the operation, then `name=value`
/// fields, with flags and options only when they are set. Bytes as `ByteText` writes them,
/// ids as `IDText`. A txn lists its ops in full but only counts its compares.
enum RequestDescription {
    static func words(_ payload: EntryPayload) -> String {
        switch payload {
        case .noOp: "no-op"
        case .request(let request): words(request)
        case .memberAttributes(let attributes):
            "member attributes member=\(IDText.hex(attributes.id)) name=\(attributes.name) client_urls=\(attributes.clientURLs.joined(separator: ","))"
        case .confChange(let change): words(change)
        case .undecodable(let byteCount, _): "undecodable (\(byteCount) bytes)"
        }
    }

    static func words(_ request: Request) -> String {
        switch request {
        case .put(let put): words(put)
        case .deleteRange(let delete): words(delete)
        case .txn(let txn): words(txn)
        case .compact(let revision): "compact revision=\(revision)"
        case .leaseGrant(let id, let ttl): "lease grant id=\(IDText.hex(id)) ttl=\(ttl)"
        case .leaseRevoke(let id): "lease revoke id=\(IDText.hex(id))"
        case .alarm(let change): "alarm \(change.action) member=\(IDText.hex(change.member.memberID)) alarm=\(change.member.alarm.name)"
        }
    }

    static func words(_ change: ConfChange) -> String {
        let action = switch change.kind {
        case .addNode: "add member"
        case .removeNode: "remove member"
        case .addLearner: "add learner"
        }
        let context = change.context.isEmpty ? "" : " context=\(ByteText.escaped(change.context))"
        return "conf change \(action) \(IDText.hex(change.nodeID))\(context)"
    }

    private static func words(_ op: RequestOp) -> String {
        switch op {
        case .range(let range): words(range)
        case .put(let put): words(put)
        case .deleteRange(let delete): words(delete)
        case .txn(let txn): words(txn)
        }
    }

    private static func words(_ put: PutRequest) -> String {
        joined("put key=\(ByteText.escaped(put.key)) value=\(ByteText.escaped(put.value))", [
            put.lease != 0 ? "lease=\(IDText.hex(put.lease))" : nil,
            put.prevKV ? "prev_kv" : nil,
            put.ignoreValue ? "ignore_value" : nil,
            put.ignoreLease ? "ignore_lease" : nil,
        ])
    }

    private static func words(_ delete: DeleteRangeRequest) -> String {
        joined("delete range key=\(ByteText.escaped(delete.key))", [
            rangeEnd(delete.rangeEnd),
            delete.prevKV ? "prev_kv" : nil,
        ])
    }

    private static func words(_ range: RangeRequest) -> String {
        joined("range key=\(ByteText.escaped(range.key))", [
            rangeEnd(range.rangeEnd),
            number("limit", range.limit),
            number("revision", range.revision),
            range.sortOrder != .none ? "sort=\(range.sortOrder):\(range.sortTarget)" : nil,
            range.keysOnly ? "keys_only" : nil,
            range.countOnly ? "count_only" : nil,
            number("min_mod_revision", range.minModRevision),
            number("max_mod_revision", range.maxModRevision),
            number("min_create_revision", range.minCreateRevision),
            number("max_create_revision", range.maxCreateRevision),
        ])
    }

    private static func words(_ txn: TxnRequest) -> String {
        let success = txn.success.map(words).joined(separator: ", ")
        let failure = txn.failure.map(words).joined(separator: ", ")
        return "txn compares=\(txn.compare.count) success=[\(success)] failure=[\(failure)]"
    }

    private static func rangeEnd(_ bytes: [UInt8]) -> String? {
        bytes.isEmpty ? nil : "range_end=\(ByteText.escaped(bytes))"
    }

    private static func number(_ name: String, _ value: Int64) -> String? {
        value != 0 ? "\(name)=\(value)" : nil
    }

    private static func joined(_ head: String, _ options: [String?]) -> String {
        ([head] + options.compactMap { $0 }).joined(separator: " ")
    }
}
