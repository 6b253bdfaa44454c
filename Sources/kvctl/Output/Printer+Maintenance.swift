import API
import Foundation
import MVCC

/// One endpoint's answer, or why it has none, for the commands that ask every endpoint.
struct EndpointAnswer<Answer> {
    var endpoint: String
    var answer: Answer
}

/// `endpoint health`: what etcdctl reports per endpoint.
struct EndpointHealth {
    var endpoint: String
    var healthy: Bool
    var took: Duration
    var error: String
}

extension Printer {
    func status(_ answers: [EndpointAnswer<Etcdserverpb_StatusResponse>]) throws(KvctlError) -> OutputBuffer {
        var buffer = OutputBuffer()
        let rows = answers.map { answer -> [String] in
            let status = answer.answer
            return [answer.endpoint, memberID(status.header.memberID), status.version, humanBytes(status.dbSize),
                    String(status.leader == status.header.memberID), String(status.isLearner), String(status.raftTerm),
                    String(status.raftIndex), String(status.raftAppliedIndex), status.errors.joined(separator: ", ")]
        }
        switch format {
        case .simple:
            for row in rows { buffer.line(row.joined(separator: ", ")) }
        case .lines:
            for row in rows { buffer.append(PipeText.line(row.map { Data($0.utf8) })) }
        case .json, .ndjson:
            let items = answers.map { GoJSON.object([("Endpoint", .string($0.endpoint)), ("Status", EtcdJSON.status($0.answer))]) }
            if format == .json { buffer.line(GoJSON.array(items).text) } else { for item in items { buffer.line(item.text) } }
        case .fields:
            var fields = FieldLines()
            for answer in answers {
                let status = answer.answer
                fields.header(status.header)
                fields.add("Version", quoting: status.version)
                fields.add("DBSize", status.dbSize)
                fields.add("Leader", status.leader)
                fields.add("IsLearner", status.isLearner)
                fields.add("RaftIndex", status.raftIndex)
                fields.add("RaftTerm", status.raftTerm)
                fields.add("RaftAppliedIndex", status.raftAppliedIndex)
                fields.add("Errors", "[" + status.errors.joined(separator: " ") + "]")
                fields.add("Endpoint", quoting: answer.endpoint)
                fields.blankLine()
            }
            buffer = fields.buffer
        case .table:
            var table = TextTable(headers: ["ENDPOINT", "ID", "VERSION", "DB SIZE", "IS LEADER", "IS LEARNER", "RAFT TERM",
                                            "RAFT INDEX", "RAFT APPLIED INDEX", "ERRORS"])
            for row in rows { table.append(row) }
            buffer.append(table.text)
        }
        return buffer
    }

    func hashKV(_ answers: [EndpointAnswer<Etcdserverpb_HashKVResponse>]) throws(KvctlError) -> OutputBuffer {
        var buffer = OutputBuffer()
        switch format {
        case .simple:
            for answer in answers { buffer.line("\(answer.endpoint), \(answer.answer.hash)") }
        case .lines:
            for answer in answers { buffer.line("\(answer.endpoint)\t\(answer.answer.hash)") }
        case .json, .ndjson:
            let items = answers.map { GoJSON.object([("Endpoint", .string($0.endpoint)), ("HashKV", EtcdJSON.hashKV($0.answer))]) }
            if format == .json { buffer.line(GoJSON.array(items).text) } else { for item in items { buffer.line(item.text) } }
        case .fields:
            var fields = FieldLines()
            for answer in answers {
                fields.header(answer.answer.header)
                fields.add("Endpoint", quoting: answer.endpoint)
                fields.add("Hash", answer.answer.hash)
                fields.blankLine()
            }
            buffer = fields.buffer
        case .table:
            var table = TextTable(headers: ["ENDPOINT", "HASH"])
            for answer in answers { table.append([answer.endpoint, String(answer.answer.hash)]) }
            buffer.append(table.text)
        }
        return buffer
    }

    /// `endpoint health`. etcdctl writes the simple format to stderr, so this returns both streams.
    func health(_ reports: [EndpointHealth]) -> (stdout: OutputBuffer, stderr: OutputBuffer) {
        var buffer = OutputBuffer()
        var errors = OutputBuffer()
        switch format {
        case .simple:
            for report in reports {
                if report.healthy {
                    errors.line("\(report.endpoint) is healthy: successfully committed proposal: took = \(goDuration(report.took))")
                } else {
                    errors.line("\(report.endpoint) is unhealthy: failed to commit proposal: \(report.error)")
                }
            }
        case .lines:
            for report in reports { buffer.line("\(report.endpoint)\t\(report.healthy)\t\(goDuration(report.took))\t\(report.error)") }
        case .json, .ndjson:
            let items = reports.map { report -> GoJSON in
                var object = GoJSONObject()
                object.add("endpoint", .string(report.endpoint))
                object.add("health", .bool(report.healthy))
                object.add("took", .string(goDuration(report.took)))
                object.omitEmpty("error", report.error)
                return object.json
            }
            if format == .json { buffer.line(GoJSON.array(items).text) } else { for item in items { buffer.line(item.text) } }
        case .fields:
            var fields = FieldLines()
            for report in reports {
                fields.add("Endpoint", quoting: report.endpoint)
                fields.add("Health", report.healthy)
                fields.add("Took", goDuration(report.took))
                fields.add("Error", report.error)
                fields.blankLine()
            }
            buffer = fields.buffer
        case .table:
            var table = TextTable(headers: ["ENDPOINT", "HEALTH", "TOOK", "ERROR"])
            for report in reports { table.append([report.endpoint, String(report.healthy), goDuration(report.took), report.error]) }
            buffer.append(table.text)
        }
        return (buffer, errors)
    }

    /// `alarm list` and `alarm disarm`; the pipe formats give one alarm per record.
    func alarms(_ response: Etcdserverpb_AlarmResponse) throws(KvctlError) -> OutputBuffer {
        let records = response.alarms.map { PipeRecord([("member_id", .text(memberID($0.memberID))), ("alarm", .text(Self.alarmName($0.alarm)))]) }
        if let buffer = pipeBuffer(records) { return buffer }
        var buffer = OutputBuffer()
        switch format {
        case .simple:
            for alarm in response.alarms { buffer.line("memberID:\(alarm.memberID) alarm:\(Self.alarmName(alarm.alarm)) ") }
        case .json:
            buffer.line(EtcdJSON.alarm(response).text)
        case .fields:
            var fields = FieldLines()
            fields.header(response.header)
            for alarm in response.alarms {
                fields.add("MemberID", alarm.memberID)
                fields.add("AlarmType", Self.alarmName(alarm.alarm))
                fields.blankLine()
            }
            buffer = fields.buffer
        case .table, .lines, .ndjson:
            throw unsupported()
        }
        return buffer
    }

    /// `move-leader`: etcdctl's sentence, or the response in json; etcdctl prints no fields or table.
    func moveLeader(_ response: Etcdserverpb_MoveLeaderResponse, from leader: UInt64, to target: UInt64) throws(KvctlError) -> OutputBuffer {
        switch format {
        case .simple, .lines, .ndjson:
            return sentence("Leadership transferred from \(memberID(leader)) to \(memberID(target))",
                            or: PipeRecord([("from", .text(memberID(leader))), ("to", .text(memberID(target)))]))
        case .json:
            var buffer = OutputBuffer()
            buffer.line(EtcdJSON.headerOnly(response.hasHeader ? response.header : nil).text)
            return buffer
        case .fields, .table:
            throw unsupported()
        }
    }

    static func alarmName(_ alarm: Etcdserverpb_AlarmType) -> String {
        switch alarm {
        case .none: "NONE"
        case .nospace: "NOSPACE"
        case .corrupt: "CORRUPT"
        case .UNRECOGNIZED(let value): "\(value)"
        }
    }
}

/// A duration as Go's time.Duration prints it: `1.590593ms`, `850µs`, `2.5s`.
func goDuration(_ duration: Duration) -> String {
    let (seconds, attoseconds) = duration.components
    let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    func scaled(_ unit: Int64, _ suffix: String) -> String {
        let whole = nanoseconds / unit
        var fraction = String(nanoseconds % unit)
        fraction = String(repeating: "0", count: String(unit).count - 1 - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return fraction.isEmpty ? "\(whole)\(suffix)" : "\(whole).\(fraction)\(suffix)"
    }
    switch nanoseconds {
    case ..<1_000: return "\(nanoseconds)ns"
    case ..<1_000_000: return scaled(1_000, "µs")
    case ..<1_000_000_000: return scaled(1_000_000, "ms")
    default: return scaled(1_000_000_000, "s")
    }
}

extension Printer {
    /// `snapshot status`, in etcdctl's formats (the hash in hex in simple and table) or as one record.
    func snapshotStatus(_ status: SnapshotStatus) throws(KvctlError) -> OutputBuffer {
        let record = PipeRecord([("hash", .text(String(status.hash, radix: 16))), ("revision", .int(status.revision)),
                                 ("total_keys", .int(Int64(status.totalKeys))), ("total_size", .int(status.totalSizeBytes))])
        if let buffer = record.buffer(format) { return buffer }
        let row = [String(status.hash, radix: 16), String(status.revision), String(status.totalKeys), humanBytes(status.totalSizeBytes)]
        var buffer = OutputBuffer()
        switch format {
        case .simple:
            buffer.line(row.joined(separator: ", "))
        case .json:
            buffer.line(GoJSON.object([("hash", .uint(UInt64(status.hash))), ("revision", .int(status.revision)),
                                       ("totalKey", .int(Int64(status.totalKeys))), ("totalSize", .int(status.totalSizeBytes))]).text)
        case .fields:
            var fields = FieldLines()
            fields.add("Hash", status.hash)
            fields.add("Revision", status.revision)
            fields.add("Keys", status.totalKeys)
            fields.add("Size", status.totalSizeBytes)
            buffer = fields.buffer
        case .table:
            var table = TextTable(headers: ["HASH", "REVISION", "TOTAL KEYS", "TOTAL SIZE"])
            table.append(row)
            buffer.append(table.text)
        case .lines, .ndjson:
            throw unsupported()
        }
        return buffer
    }
}
