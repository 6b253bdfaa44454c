import API
import Foundation

extension Printer {
    /// `member list` (and the member lists in add, remove, update, promote answers).
    func members(_ members: [Etcdserverpb_Member], header: Etcdserverpb_ResponseHeader) throws(KvctlError) -> OutputBuffer {
        var buffer = OutputBuffer()
        switch format {
        case .simple:
            for member in members { buffer.line(Self.memberRow(member).joined(separator: ", ")) }
        case .lines:
            for member in members { buffer.append(PipeText.line(Self.memberRow(member).map { Data($0.utf8) })) }
        case .ndjson:
            for member in members { buffer.line(Self.ndjson(member).text) }
        case .json:
            buffer.line(EtcdJSON.members(header: header, members: members).text)
        case .fields:
            var fields = FieldLines()
            fields.header(header)
            for member in members {
                fields.add("ID", member.id)
                fields.add("Name", quoting: member.name)
                for url in member.peerUrls { fields.add("PeerURL", quoting: url) }
                for url in member.clientUrls { fields.add("ClientURL", quoting: url) }
                fields.add("IsLearner", member.isLearner)
                fields.blankLine()
            }
            buffer = fields.buffer
        case .table:
            var table = TextTable(headers: ["ID", "STATUS", "NAME", "PEER ADDRS", "CLIENT ADDRS", "IS LEARNER"])
            for member in members { table.append(Self.memberRow(member)) }
            buffer.append(table.text)
        }
        return buffer
    }

    /// A member as etcdctl lists it; one that has not started yet has no name.
    static func memberRow(_ member: Etcdserverpb_Member) -> [String] {
        [memberID(member.id), member.name.isEmpty ? "unstarted" : "started", member.name,
         member.peerUrls.joined(separator: ","), member.clientUrls.joined(separator: ","), String(member.isLearner)]
    }

    static func ndjson(_ member: Etcdserverpb_Member) -> GoJSON {
        .object([
            ("id", .string(memberID(member.id))),
            ("status", .string(member.name.isEmpty ? "unstarted" : "started")),
            ("name", .string(member.name)),
            ("peer_urls", .array(member.peerUrls.map(GoJSON.string))),
            ("client_urls", .array(member.clientUrls.map(GoJSON.string))),
            ("is_learner", .bool(member.isLearner)),
        ])
    }

    /// The sentence etcdctl prints after a membership change, or the whole response in json
    /// (fields and table it cannot print). The pipe formats print the changed member as
    /// `member list` does, or only its id once it is gone.
    func memberChange(_ sentence: String, changed id: UInt64, header: Etcdserverpb_ResponseHeader,
                      member: Etcdserverpb_Member? = nil, members: [Etcdserverpb_Member]) throws(KvctlError) -> OutputBuffer {
        if format == .lines || format == .ndjson {
            guard let changed = member ?? members.first(where: { $0.id == id }) else {
                return pipeBuffer([PipeRecord([("id", .text(memberID(id)))])]) ?? OutputBuffer()
            }
            return try self.members([changed], header: header)
        }
        var buffer = OutputBuffer()
        switch format {
        case .simple:
            buffer.line(sentence)
        case .json:
            buffer.line(EtcdJSON.members(header: header, member: member, members: members).text)
        case .fields, .table, .lines, .ndjson:
            // etcdctl makes the change, then finds it cannot print it in these formats.
            throw unsupported()
        }
        return buffer
    }
}

/// Go's `%16x`: hex, right-aligned in 16 columns.
func paddedHex(_ id: UInt64) -> String {
    let hex = String(id, radix: 16)
    return String(repeating: " ", count: max(0, 16 - hex.count)) + hex
}
