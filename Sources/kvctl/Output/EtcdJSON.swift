import API
import Foundation

/// etcdctl's `-w json`: the Go structs of etcd's API marshalled by encoding/json, field by
/// field (proto field names, `omitempty` everywhere, enums as numbers, a nil message left out).
enum EtcdJSON {
    static func header(_ header: Etcdserverpb_ResponseHeader) -> GoJSON {
        var object = GoJSONObject()
        headerFields(header, into: &object)
        return object.json
    }

    /// The header's fields, also for the clientv3 structs that embed it (lease responses).
    static func headerFields(_ header: Etcdserverpb_ResponseHeader, into object: inout GoJSONObject) {
        object.omitEmpty("cluster_id", header.clusterID)
        object.omitEmpty("member_id", header.memberID)
        object.omitEmpty("revision", header.revision)
        object.omitEmpty("raft_term", header.raftTerm)
    }

    static func keyValue(_ kv: Mvccpb_KeyValue) -> GoJSON {
        var object = GoJSONObject()
        object.omitEmpty("key", kv.key)
        object.omitEmpty("create_revision", kv.createRevision)
        object.omitEmpty("mod_revision", kv.modRevision)
        object.omitEmpty("version", kv.version)
        object.omitEmpty("value", kv.value)
        object.omitEmpty("lease", kv.lease)
        return object.json
    }

    static func range(_ response: Etcdserverpb_RangeResponse) -> GoJSON {
        var object = GoJSONObject()
        object.omitEmpty("header", response.hasHeader ? header(response.header) : nil)
        object.omitEmpty("kvs", response.kvs.map(keyValue))
        object.omitEmpty("more", response.more)
        object.omitEmpty("count", response.count)
        return object.json
    }

    static func put(_ response: Etcdserverpb_PutResponse) -> GoJSON {
        var object = GoJSONObject()
        object.omitEmpty("header", response.hasHeader ? header(response.header) : nil)
        object.omitEmpty("prev_kv", response.hasPrevKv ? keyValue(response.prevKv) : nil)
        return object.json
    }

    static func delete(_ response: Etcdserverpb_DeleteRangeResponse) -> GoJSON {
        var object = GoJSONObject()
        object.omitEmpty("header", response.hasHeader ? header(response.header) : nil)
        object.omitEmpty("deleted", response.deleted)
        object.omitEmpty("prev_kvs", response.prevKvs.map(keyValue))
        return object.json
    }

    static func txn(_ response: Etcdserverpb_TxnResponse) -> GoJSON {
        var object = GoJSONObject()
        object.omitEmpty("header", response.hasHeader ? header(response.header) : nil)
        object.omitEmpty("succeeded", response.succeeded)
        object.omitEmpty("responses", response.responses.map(responseOp))
        return object.json
    }

    /// A oneof marshals as the Go wrapper struct: `{"Response":{"ResponsePut":{...}}}`.
    static func responseOp(_ op: Etcdserverpb_ResponseOp) -> GoJSON {
        let inner: GoJSON = switch op.response {
        case let .responseRange(range)?: .object([("ResponseRange", Self.range(range))])
        case let .responsePut(put)?: .object([("ResponsePut", Self.put(put))])
        case let .responseDeleteRange(delete)?: .object([("ResponseDeleteRange", Self.delete(delete))])
        case let .responseTxn(txn)?: .object([("ResponseTxn", Self.txn(txn))])
        case nil: .null
        }
        return .object([("Response", inner)])
    }

    static func event(_ event: Mvccpb_Event) -> GoJSON {
        var object = GoJSONObject()
        object.omitEmpty("type", Int64(event.type.rawValue))
        object.omitEmpty("kv", event.hasKv ? keyValue(event.kv) : nil)
        object.omitEmpty("prev_kv", event.hasPrevKv ? keyValue(event.prevKv) : nil)
        return object.json
    }

    /// clientv3's WatchResponse: exported fields without tags, the header by value.
    static func watch(_ response: Etcdserverpb_WatchResponse) -> GoJSON {
        .object([
            ("Header", header(response.header)),
            ("Events", response.events.isEmpty ? .null : .array(response.events.map(event))),
            ("CompactRevision", .int(response.compactRevision)),
            ("Canceled", .bool(response.canceled)),
            ("Created", .bool(response.created)),
        ])
    }

    static func member(_ member: Etcdserverpb_Member) -> GoJSON {
        var object = GoJSONObject()
        object.omitEmpty("ID", member.id)
        object.omitEmpty("name", member.name)
        object.omitEmpty("peerURLs", member.peerUrls.map(GoJSON.string))
        object.omitEmpty("clientURLs", member.clientUrls.map(GoJSON.string))
        object.omitEmpty("isLearner", member.isLearner)
        return object.json
    }

    /// Member list, add, remove, update and promote responses: a header, an optional
    /// member (add only), the members.
    static func members(header responseHeader: Etcdserverpb_ResponseHeader?, member added: Etcdserverpb_Member? = nil,
                        members: [Etcdserverpb_Member]) -> GoJSON {
        var object = GoJSONObject()
        object.omitEmpty("header", responseHeader.map(header))
        object.omitEmpty("member", added.map(member))
        object.omitEmpty("members", members.map(member))
        return object.json
    }

    static func status(_ status: Etcdserverpb_StatusResponse) -> GoJSON {
        var object = GoJSONObject()
        object.omitEmpty("header", status.hasHeader ? header(status.header) : nil)
        object.omitEmpty("version", status.version)
        object.omitEmpty("dbSize", status.dbSize)
        object.omitEmpty("leader", status.leader)
        object.omitEmpty("raftIndex", status.raftIndex)
        object.omitEmpty("raftTerm", status.raftTerm)
        object.omitEmpty("raftAppliedIndex", status.raftAppliedIndex)
        object.omitEmpty("errors", status.errors.map(GoJSON.string))
        object.omitEmpty("dbSizeInUse", status.dbSizeInUse)
        object.omitEmpty("isLearner", status.isLearner)
        return object.json
    }

    static func hashKV(_ response: Etcdserverpb_HashKVResponse) -> GoJSON {
        var object = GoJSONObject()
        object.omitEmpty("header", response.hasHeader ? header(response.header) : nil)
        object.omitEmpty("hash", UInt64(response.hash))
        object.omitEmpty("compact_revision", response.compactRevision)
        return object.json
    }

    static func alarm(_ response: Etcdserverpb_AlarmResponse) -> GoJSON {
        var object = GoJSONObject()
        object.omitEmpty("header", response.hasHeader ? header(response.header) : nil)
        object.omitEmpty("alarms", response.alarms.map { alarm in
            var member = GoJSONObject()
            member.omitEmpty("memberID", alarm.memberID)
            member.omitEmpty("alarm", Int64(alarm.alarm.rawValue))
            return member.json
        })
        return object.json
    }

    /// A response that is only a header (lease revoke, defragment, move-leader, ...).
    static func headerOnly(_ responseHeader: Etcdserverpb_ResponseHeader?) -> GoJSON {
        var object = GoJSONObject()
        object.omitEmpty("header", responseHeader.map(header))
        return object.json
    }
}
