import LogEntries
import MVCC
import Raft

/// Requests and conf changes as JSON objects, in full: every field, always present, so a
/// schema can rely on them. "op" names the operation; bytes follow `JSON.bytesField`, ids
/// are hex strings as in `IDText`.
enum RequestJSON {
    static func object(_ payload: EntryPayload) -> JSON {
        switch payload {
        case .noOp:
            .object([("op", .string("no_op"))])
        case .request(let request):
            object(request)
        case .memberAttributes(let attributes):
            .object([("op", .string("member_attributes")), ("member", .string(IDText.hex(attributes.id))),
                     ("name", .string(attributes.name)), ("client_urls", .array(attributes.clientURLs.map { .string($0) }))])
        case .confChange(let change):
            object(change)
        case .undecodable(let byteCount, let reason):
            .object([("op", .string("undecodable")), ("bytes", .int(byteCount)), ("reason", .string(reason))])
        }
    }

    static func object(_ request: Request) -> JSON {
        switch request {
        case .put(let put): object(put)
        case .deleteRange(let delete): object(delete)
        case .txn(let txn): object(txn)
        case .compact(let revision):
            .object([("op", .string("compact")), ("revision", .int(revision))])
        case .leaseGrant(let id, let ttl):
            .object([("op", .string("lease_grant")), ("id", .string(IDText.hex(id))), ("ttl", .int(ttl))])
        case .leaseRevoke(let id):
            .object([("op", .string("lease_revoke")), ("id", .string(IDText.hex(id)))])
        case .alarm(let change):
            .object([("op", .string("alarm")), ("action", .string("\(change.action)")),
                     ("member", .string(IDText.hex(change.member.memberID))), ("alarm", .string(change.member.alarm.name))])
        }
    }

    static func object(_ change: ConfChange) -> JSON {
        let action = switch change.kind {
        case .addNode: "add_member"
        case .removeNode: "remove_member"
        case .addLearner: "add_learner"
        }
        return .object([("op", .string("conf_change")), ("change", .string(action)),
                         ("member_id", .string(IDText.hex(change.nodeID))), JSON.bytesField("context", change.context)])
    }

    private static func object(_ op: RequestOp) -> JSON {
        switch op {
        case .range(let range): object(range)
        case .put(let put): object(put)
        case .deleteRange(let delete): object(delete)
        case .txn(let txn): object(txn)
        }
    }

    private static func object(_ put: PutRequest) -> JSON {
        .object([
            ("op", .string("put")), JSON.bytesField("key", put.key), JSON.bytesField("value", put.value),
            ("lease", .string(IDText.hex(put.lease))), ("prev_kv", .bool(put.prevKV)),
            ("ignore_value", .bool(put.ignoreValue)), ("ignore_lease", .bool(put.ignoreLease)),
        ])
    }

    private static func object(_ delete: DeleteRangeRequest) -> JSON {
        .object([
            ("op", .string("delete_range")), JSON.bytesField("key", delete.key),
            JSON.bytesField("range_end", delete.rangeEnd), ("prev_kv", .bool(delete.prevKV)),
        ])
    }

    private static func object(_ range: RangeRequest) -> JSON {
        .object([
            ("op", .string("range")), JSON.bytesField("key", range.key), JSON.bytesField("range_end", range.rangeEnd),
            ("limit", .int(range.limit)), ("revision", .int(range.revision)),
            ("sort_order", .string("\(range.sortOrder)")), ("sort_target", .string("\(range.sortTarget)")),
            ("keys_only", .bool(range.keysOnly)), ("count_only", .bool(range.countOnly)),
            ("min_mod_revision", .int(range.minModRevision)), ("max_mod_revision", .int(range.maxModRevision)),
            ("min_create_revision", .int(range.minCreateRevision)), ("max_create_revision", .int(range.maxCreateRevision)),
        ])
    }

    private static func object(_ txn: TxnRequest) -> JSON {
        .object([
            ("op", .string("txn")), ("compares", .array(txn.compare.map(object))),
            ("success", .array(txn.success.map(object))), ("failure", .array(txn.failure.map(object))),
        ])
    }

    /// "target" names the field compared, as etcd's enum does; the operand follows it.
    private static func object(_ compare: Compare) -> JSON {
        let (target, operand): (String, (String, JSON)) = switch compare.target {
        case .version(let version): ("version", ("version", .int(version)))
        case .create(let revision): ("create", ("create_revision", .int(revision)))
        case .mod(let revision): ("mod", ("mod_revision", .int(revision)))
        case .value(let value): ("value", JSON.bytesField("value", value))
        case .lease(let lease): ("lease", ("lease", .string(IDText.hex(lease))))
        }
        let result = switch compare.result {
        case .equal: "equal"
        case .greater: "greater"
        case .less: "less"
        case .notEqual: "not_equal"
        }
        return .object([
            JSON.bytesField("key", compare.key), JSON.bytesField("range_end", compare.rangeEnd),
            ("target", .string(target)), ("result", .string(result)), operand,
        ])
    }
}
