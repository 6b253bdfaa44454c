import API
import Foundation

extension Printer {
    /// A user, role or permission change: etcdctl's sentence, the bare header in json and
    /// fields, a record for pipes.
    func authChange(_ sentence: String, header: Etcdserverpb_ResponseHeader, record: PipeRecord) throws(KvctlError) -> OutputBuffer {
        if let buffer = record.buffer(format) { return buffer }
        var buffer = OutputBuffer()
        switch format {
        case .simple:
            buffer.line(sentence)
        case .json:
            buffer.line(EtcdJSON.headerOnly(header).text)
        case .fields:
            var fields = FieldLines()
            fields.header(header)
            buffer = fields.buffer
        case .table, .lines, .ndjson:
            throw unsupported()
        }
        return buffer
    }

    func userGet(_ name: String, _ response: Etcdserverpb_AuthUserGetResponse) throws(KvctlError) -> OutputBuffer {
        let record = PipeRecord([("user", .text(name)), ("roles", .list(response.roles.map { Data($0.utf8) }))])
        if let buffer = record.buffer(format) { return buffer }
        var buffer = OutputBuffer()
        switch format {
        case .simple:
            buffer.line("User: \(name)")
            buffer.line("Roles:" + response.roles.map { " " + $0 }.joined())
        case .json:
            var object = GoJSONObject()
            object.omitEmpty("header", response.hasHeader ? EtcdJSON.header(response.header) : nil)
            object.omitEmpty("roles", response.roles.map(GoJSON.string))
            buffer.line(object.json.text)
        case .fields, .table, .lines, .ndjson:
            throw unsupported()
        }
        return buffer
    }

    /// `user get --detail` starts with the user's name; each role follows as `role get` prints it.
    func userDetailHeading(_ name: String) -> OutputBuffer {
        var buffer = OutputBuffer()
        guard format != .lines && format != .ndjson else { return buffer }
        buffer.line("User: \(name)")
        buffer.line()
        return buffer
    }

    /// `role get`; after the first of several (`user get --detail`), a blank line goes before.
    func roleGet(_ role: String, _ response: Etcdserverpb_AuthRoleGetResponse, first: Bool) throws(KvctlError) -> OutputBuffer {
        let records = response.perm.map { perm in
            PipeRecord([("role", .text(role)), ("permission", .text(Self.permissionName(perm.permType))),
                        ("key", .bytes(perm.key)), ("range_end", .bytes(perm.rangeEnd))])
        }
        if let buffer = pipeBuffer(records) { return buffer }
        var buffer = OutputBuffer()
        if !first { buffer.line() }
        switch format {
        case .simple:
            buffer.line("Role \(role)")
            buffer.line("KV Read:")
            for perm in response.perm where perm.permType != .write { buffer.line(Data("\t".utf8) + Self.rangeBytes(perm)) }
            buffer.line("KV Write:")
            for perm in response.perm where perm.permType != .read { buffer.line(Data("\t".utf8) + Self.rangeBytes(perm)) }
        case .json:
            var object = GoJSONObject()
            object.omitEmpty("header", response.hasHeader ? EtcdJSON.header(response.header) : nil)
            object.omitEmpty("perm", response.perm.map { perm in
                var permission = GoJSONObject()
                permission.omitEmpty("permType", Int64(perm.permType.rawValue))
                permission.omitEmpty("key", perm.key)
                permission.omitEmpty("range_end", perm.rangeEnd)
                return permission.json
            })
            buffer.line(object.json.text)
        case .fields:
            var fields = FieldLines()
            fields.header(response.header)
            for perm in response.perm {
                // etcdctl pads the type with a space.
                fields.add("PermType", " " + Self.permissionName(perm.permType))
                fields.add("Key", quoting: perm.key)
                fields.add("RangeEnd", quoting: perm.rangeEnd)
            }
            buffer.append(fields.buffer.bytes)
        case .table, .lines, .ndjson:
            throw unsupported()
        }
        return buffer
    }

    func userList(_ response: Etcdserverpb_AuthUserListResponse) throws(KvctlError) -> OutputBuffer {
        if let buffer = pipeBuffer(response.users.map { PipeRecord([("user", .text($0))]) }) { return buffer }
        var buffer = OutputBuffer()
        switch format {
        case .simple:
            for user in response.users { buffer.line(user) }
        case .json:
            var object = GoJSONObject()
            object.omitEmpty("header", response.hasHeader ? EtcdJSON.header(response.header) : nil)
            object.omitEmpty("users", response.users.map(GoJSON.string))
            buffer.line(object.json.text)
        case .fields, .table, .lines, .ndjson:
            throw unsupported()
        }
        return buffer
    }

    func roleList(_ response: Etcdserverpb_AuthRoleListResponse) throws(KvctlError) -> OutputBuffer {
        if let buffer = pipeBuffer(response.roles.map { PipeRecord([("role", .text($0))]) }) { return buffer }
        var buffer = OutputBuffer()
        switch format {
        case .simple:
            for role in response.roles { buffer.line(role) }
        case .json:
            var object = GoJSONObject()
            object.omitEmpty("header", response.hasHeader ? EtcdJSON.header(response.header) : nil)
            object.omitEmpty("roles", response.roles.map(GoJSON.string))
            buffer.line(object.json.text)
        case .fields:
            var fields = FieldLines()
            fields.header(response.header)
            fields.add("Roles", response.roles.map { GoText.quote(Array($0.utf8)) }.joined(separator: " "))
            buffer = fields.buffer
        case .table, .lines, .ndjson:
            throw unsupported()
        }
        return buffer
    }

    /// `auth status`, as etcdctl 3.5 prints it.
    func authStatus(_ response: Etcdserverpb_AuthStatusResponse) throws(KvctlError) -> OutputBuffer {
        let record = PipeRecord([("enabled", .bool(response.enabled)), ("auth_revision", .int(Int64(response.authRevision)))])
        if let buffer = record.buffer(format) { return buffer }
        var buffer = OutputBuffer()
        switch format {
        case .simple:
            buffer.line("Authentication Status: \(response.enabled)")
            buffer.line("AuthRevision: \(response.authRevision)")
        case .json:
            var object = GoJSONObject()
            object.omitEmpty("header", response.hasHeader ? EtcdJSON.header(response.header) : nil)
            object.omitEmpty("enabled", response.enabled)
            object.omitEmpty("authRevision", response.authRevision)
            buffer.line(object.json.text)
        case .fields:
            var fields = FieldLines()
            fields.header(response.header)
            fields.add("Enabled", response.enabled)
            fields.add("AuthRevision", response.authRevision)
            buffer = fields.buffer
        case .table, .lines, .ndjson:
            throw unsupported()
        }
        return buffer
    }

    static func permissionName(_ type: Authpb_Permission.TypeEnum) -> String {
        switch type {
        case .read: "READ"
        case .write: "WRITE"
        case .readwrite: "READWRITE"
        case .UNRECOGNIZED(let value): "\(value)"
        }
    }

    /// A permission's keys as etcdctl writes them: the key alone, `[key, end)` (and the
    /// prefix, when the end is the prefix's), or `[key, <open ended>` for a from-key range.
    static func rangeText(key: Data, end: Data, withPrefix: Bool) -> String {
        String(decoding: rangeBytes(key: key, end: end, withPrefix: withPrefix), as: UTF8.self)
    }

    private static func rangeBytes(_ perm: Authpb_Permission) -> Data {
        rangeBytes(key: perm.key, end: perm.rangeEnd, withPrefix: true)
    }

    private static func rangeBytes(key: Data, end: Data, withPrefix: Bool) -> Data {
        if end.isEmpty { return key }
        if end == Data([0]) { return Data("[".utf8) + key + Data(", <open ended>".utf8) }
        var text = Data("[".utf8) + key + Data(", ".utf8) + end + Data(")".utf8)
        if withPrefix && end == KeyArguments.prefixEnd(key) { text += Data(" (prefix ".utf8) + key + Data(")".utf8) }
        return text
    }
}
