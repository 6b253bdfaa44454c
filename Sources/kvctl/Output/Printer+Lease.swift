import API
import Foundation

extension Printer {
    func leaseGrant(_ response: Etcdserverpb_LeaseGrantResponse) throws(KvctlError) -> OutputBuffer {
        try leaseAnswer(response.header, record: PipeRecord([("id", .text(leaseID(response.id))), ("ttl", .int(response.ttl))])) {
            "lease \(leaseID(response.id)) granted with TTL(\(response.ttl)s)"
        } json: { object in
            object.add("ID", .int(response.id))
            object.add("TTL", .int(response.ttl))
            object.add("Error", .string(response.error))
        } fields: { fields in
            fields.add("ID", response.id)
            fields.add("TTL", response.ttl)
        }
    }

    func leaseKeepAlive(_ response: Etcdserverpb_LeaseKeepAliveResponse) throws(KvctlError) -> OutputBuffer {
        try leaseAnswer(response.header, record: PipeRecord([("id", .text(leaseID(response.id))), ("ttl", .int(response.ttl))])) {
            "lease \(leaseID(response.id)) keepalived with TTL(\(response.ttl))"
        } json: { object in
            object.add("ID", .int(response.id))
            object.add("TTL", .int(response.ttl))
        } fields: { fields in
            fields.add("ID", response.id)
            fields.add("TTL", response.ttl)
        }
    }

    /// `lease timetolive`; in the pipe formats an expired lease has a ttl of -1, and the
    /// attached keys (with `--keys`) come last.
    func leaseTimeToLive(_ response: Etcdserverpb_LeaseTimeToLiveResponse, keys: Bool) throws(KvctlError) -> OutputBuffer {
        var record = PipeRecord([("id", .text(leaseID(response.id))), ("granted_ttl", .int(response.grantedTtl)),
                                 ("ttl", .int(response.ttl))])
        if keys { record.add("keys", .list(response.keys)) }
        return try leaseAnswer(response.header, record: record) {
            guard response.grantedTtl != 0 || response.ttl != -1 else { return "lease \(leaseID(response.id)) already expired" }
            var text = "lease \(leaseID(response.id)) granted with TTL(\(response.grantedTtl)s), remaining(\(response.ttl)s)"
            if keys {
                text += ", attached keys([" + response.keys.map { String(decoding: $0, as: UTF8.self) }.joined(separator: " ") + "])"
            }
            return text
        } json: { object in
            object.add("id", .int(response.id))
            object.add("ttl", .int(response.ttl))
            object.add("granted-ttl", .int(response.grantedTtl))
            object.add("keys", response.keys.isEmpty ? .null : .array(response.keys.map(GoJSON.bytes)))
        } fields: { fields in
            fields.add("ID", response.id)
            fields.add("TTL", response.ttl)
            fields.add("GrantedTTL", response.grantedTtl)
            for key in response.keys { fields.add("Key", quoting: key) }
        }
    }

    /// `lease list`: one lease per record in the pipe formats.
    func leaseList(_ response: Etcdserverpb_LeaseLeasesResponse) throws(KvctlError) -> OutputBuffer {
        let records = response.leases.map { PipeRecord([("id", .text(leaseID($0.id)))]) }
        if let buffer = pipeBuffer(records) { return buffer }
        return try leaseAnswer(response.header, record: PipeRecord()) {
            (["found \(response.leases.count) leases"] + response.leases.map { leaseID($0.id) }).joined(separator: "\n")
        } json: { object in
            object.add("leases", .array(response.leases.map { .object([("id", .int($0.id))]) }))
        } fields: { fields in
            for lease in response.leases { fields.add("ID", lease.id) }
        }
    }

    func leaseRevoke(_ response: Etcdserverpb_LeaseRevokeResponse, id: Int64) throws(KvctlError) -> OutputBuffer {
        if let buffer = PipeRecord([("id", .text(leaseID(id))), ("revoked", .bool(true))]).buffer(format) { return buffer }
        var buffer = OutputBuffer()
        switch format {
        case .simple:
            buffer.line("lease \(leaseID(id)) revoked")
        case .json:
            buffer.line(EtcdJSON.headerOnly(response.hasHeader ? response.header : nil).text)
        case .fields:
            var fields = FieldLines()
            fields.header(response.header)
            buffer = fields.buffer
        case .table, .lines, .ndjson:
            throw unsupported()
        }
        return buffer
    }

    /// The lease answers share a shape: a sentence, clientv3's struct with the header's
    /// fields inlined, or the header's fields and then the answer's; a record for pipes.
    private func leaseAnswer(
        _ header: Etcdserverpb_ResponseHeader, record: PipeRecord, simple: () -> String,
        json: (inout GoJSONObject) -> Void, fields addFields: (inout FieldLines) -> Void
    ) throws(KvctlError) -> OutputBuffer {
        if let buffer = record.buffer(format) { return buffer }
        var buffer = OutputBuffer()
        switch format {
        case .simple:
            buffer.line(simple())
        case .json:
            var object = GoJSONObject()
            EtcdJSON.headerFields(header, into: &object)
            json(&object)
            buffer.line(object.json.text)
        case .fields:
            var fields = FieldLines()
            fields.header(header)
            addFields(&fields)
            buffer = fields.buffer
        case .table, .lines, .ndjson:
            throw unsupported()
        }
        return buffer
    }
}

/// Lease ids as etcdctl prints them: 16 lower-case hex digits (`%016x`).
func leaseID(_ id: Int64) -> String {
    let hex = String(UInt64(bitPattern: id), radix: 16)
    return String(repeating: "0", count: max(0, 16 - hex.count)) + hex
}

/// Member ids as etcdctl prints them: lower-case hex, no padding.
func memberID(_ id: UInt64) -> String { String(id, radix: 16) }
