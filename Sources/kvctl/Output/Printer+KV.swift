import API
import Foundation

extension Printer {
    /// A key and a value as the simple format prints them: raw, or `\xNN` with `--hex`.
    private func simple(_ data: Data, into buffer: inout OutputBuffer) {
        if hex { buffer.line(GoText.hex(data)) } else { buffer.line(data) }
    }

    private func simple(_ kv: Mvccpb_KeyValue, valueOnly: Bool = false, into buffer: inout OutputBuffer) {
        if !valueOnly { simple(kv.key, into: &buffer) }
        simple(kv.value, into: &buffer)
    }

    /// `get`; `keysOnly` leaves the (empty) values out of the pipe formats.
    func get(_ response: Etcdserverpb_RangeResponse, valueOnly: Bool = false, keysOnly: Bool = false) throws(KvctlError) -> OutputBuffer {
        var buffer = OutputBuffer()
        switch format {
        case .simple:
            for kv in response.kvs { simple(kv, valueOnly: valueOnly, into: &buffer) }
        case .json:
            buffer.line(EtcdJSON.range(response).text)
        case .fields:
            var fields = FieldLines()
            fields.header(response.header)
            for kv in response.kvs { fields.keyValue(kv) }
            fields.add("More", response.more)
            fields.add("Count", response.count)
            buffer = fields.buffer
        case .lines:
            for kv in response.kvs {
                buffer.append(PipeText.line(valueOnly ? [kv.value] : keysOnly ? [kv.key] : [kv.key, kv.value]))
            }
        case .ndjson:
            for kv in response.kvs { buffer.line(Self.ndjson(kv, withValue: !keysOnly).text) }
        case .table:
            throw unsupported()
        }
        return buffer
    }

    func put(_ response: Etcdserverpb_PutResponse) throws(KvctlError) -> OutputBuffer {
        var buffer = OutputBuffer()
        switch format {
        case .simple:
            buffer.line("OK")
            if response.hasPrevKv { simple(response.prevKv, into: &buffer) }
        case .lines:
            let revision = [Data(String(response.header.revision).utf8)]
            buffer.append(PipeText.line(response.hasPrevKv ? revision + [response.prevKv.key, response.prevKv.value] : revision))
        case .ndjson:
            buffer.line(Self.ndjson(response).text)
        case .json:
            buffer.line(EtcdJSON.put(response).text)
        case .fields:
            var fields = FieldLines()
            fields.header(response.header)
            if response.hasPrevKv { fields.keyValue(response.prevKv, prefix: "Prev") }
            buffer = fields.buffer
        case .table:
            throw unsupported()
        }
        return buffer
    }

    func delete(_ response: Etcdserverpb_DeleteRangeResponse) throws(KvctlError) -> OutputBuffer {
        var buffer = OutputBuffer()
        switch format {
        case .simple:
            buffer.line(String(response.deleted))
            for kv in response.prevKvs { simple(kv, into: &buffer) }
        case .lines:
            buffer.line(String(response.deleted))
            for kv in response.prevKvs { buffer.append(PipeText.line([kv.key, kv.value])) }
        case .ndjson:
            buffer.line(Self.ndjson(response).text)
        case .json:
            buffer.line(EtcdJSON.delete(response).text)
        case .fields:
            var fields = FieldLines()
            fields.header(response.header)
            fields.add("Deleted", response.deleted)
            for kv in response.prevKvs { fields.keyValue(kv, prefix: "Prev") }
            buffer = fields.buffer
        case .table:
            throw unsupported()
        }
        return buffer
    }

    func txn(_ response: Etcdserverpb_TxnResponse) throws(KvctlError) -> OutputBuffer {
        var buffer = OutputBuffer()
        switch format {
        case .simple, .lines:
            // Each operation's answer as the command alone prints it; simple separates them by a blank line.
            buffer.line(response.succeeded ? "SUCCESS" : "FAILURE")
            for op in response.responses {
                if format == .simple { buffer.line() }
                switch op.response {
                case let .responseRange(range)?: buffer.append(try get(range).bytes)
                case let .responsePut(put)?: buffer.append(try self.put(put).bytes)
                case let .responseDeleteRange(delete)?: buffer.append(try self.delete(delete).bytes)
                case .responseTxn?, nil: break
                }
            }
        case .ndjson:
            buffer.line(Self.ndjson(response).text)
        case .json:
            buffer.line(EtcdJSON.txn(response).text)
        case .fields:
            var fields = FieldLines()
            fields.header(response.header)
            fields.add("Succeeded", response.succeeded)
            buffer = fields.buffer
            for op in response.responses {
                let fieldsPrinter = Printer(format: .fields, hex: hex)
                switch op.response {
                case let .responseRange(range)?: buffer.append(try fieldsPrinter.get(range).bytes)
                case let .responsePut(put)?: buffer.append(try fieldsPrinter.put(put).bytes)
                case let .responseDeleteRange(delete)?: buffer.append(try fieldsPrinter.delete(delete).bytes)
                case .responseTxn?, nil: break
                }
            }
        case .table:
            throw unsupported()
        }
        return buffer
    }

    /// A put as an `-w ndjson` object: the revision it made, and the previous key-value when asked for.
    static func ndjson(_ response: Etcdserverpb_PutResponse) -> GoJSON {
        var object = GoJSONObject()
        object.add("revision", .int(response.header.revision))
        if response.hasPrevKv { object.add("prev_kv", ndjson(response.prevKv)) }
        return object.json
    }

    /// A delete as an `-w ndjson` object: how many keys went, and which when asked for.
    static func ndjson(_ response: Etcdserverpb_DeleteRangeResponse) -> GoJSON {
        var object = GoJSONObject()
        object.add("deleted", .int(response.deleted))
        object.add("revision", .int(response.header.revision))
        if !response.prevKvs.isEmpty { object.add("prev_kvs", .array(response.prevKvs.map(ndjson))) }
        return object.json
    }

    /// A transaction as an `-w ndjson` object: its outcome and each operation's answer.
    static func ndjson(_ response: Etcdserverpb_TxnResponse) -> GoJSON {
        let answers = response.responses.compactMap { op -> GoJSON? in
            switch op.response {
            case let .responseRange(range)?: .object([("kvs", .array(range.kvs.map(ndjson))), ("count", .int(range.count))])
            case let .responsePut(put)?: ndjson(put)
            case let .responseDeleteRange(delete)?: ndjson(delete)
            case let .responseTxn(txn)?: ndjson(txn)
            case nil: nil
            }
        }
        return .object([("succeeded", .bool(response.succeeded)), ("revision", .int(response.header.revision)),
                        ("responses", .array(answers))])
    }

    /// One key-value as an `-w ndjson` object.
    static func ndjson(_ kv: Mvccpb_KeyValue) -> GoJSON { ndjson(kv, withValue: true) }

    static func ndjson(_ kv: Mvccpb_KeyValue, withValue: Bool) -> GoJSON {
        var object = GoJSONObject()
        PipeText.addBytes("key", kv.key, to: &object)
        if withValue { PipeText.addBytes("value", kv.value, to: &object) }
        object.add("create_revision", .int(kv.createRevision))
        object.add("mod_revision", .int(kv.modRevision))
        object.add("version", .int(kv.version))
        if kv.lease != 0 { object.add("lease", .string(String(kv.lease, radix: 16))) }
        return object.json
    }
}
