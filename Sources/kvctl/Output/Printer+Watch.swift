import API
import Foundation

extension Printer {
    /// One watch response: every event in it, in the chosen format.
    func watch(_ response: Etcdserverpb_WatchResponse) throws(KvctlError) -> OutputBuffer {
        var buffer = OutputBuffer()
        switch format {
        case .simple:
            for event in response.events {
                buffer.line(Self.typeName(event.type))
                for kv in [event.hasPrevKv ? event.prevKv : nil, event.kv].compactMap({ $0 }) {
                    buffer.line(hex ? Data(GoText.hex(kv.key).utf8) : kv.key)
                    buffer.line(hex ? Data(GoText.hex(kv.value).utf8) : kv.value)
                }
            }
        case .json:
            buffer.line(EtcdJSON.watch(response).text)
        case .fields:
            var fields = FieldLines()
            // One header per response, as etcdctl prints it, however many events it carries.
            fields.header(response.header)
            for event in response.events {
                fields.add("Type", Self.typeName(event.type))
                if event.hasPrevKv { fields.keyValue(event.prevKv, prefix: "Prev") }
                fields.keyValue(event.kv)
            }
            buffer = fields.buffer
        case .lines:
            for event in response.events {
                var record = [Data(Self.typeName(event.type).utf8), event.kv.key, event.kv.value]
                if event.hasPrevKv { record.append(event.prevKv.value) }
                buffer.append(PipeText.line(record))
            }
        case .ndjson:
            for event in response.events { buffer.line(Self.ndjson(event).text) }
        case .table:
            throw unsupported()
        }
        return buffer
    }

    static func typeName(_ type: Mvccpb_Event.EventType) -> String {
        switch type {
        case .put: "PUT"
        case .delete: "DELETE"
        case .UNRECOGNIZED(let value): "\(value)"
        }
    }

    /// One event as an `-w ndjson` object: its type and key-value, and the previous value
    /// when the watch asked for it.
    static func ndjson(_ event: Mvccpb_Event) -> GoJSON {
        var object = GoJSONObject()
        object.add("type", .string(typeName(event.type)))
        PipeText.addBytes("key", event.kv.key, to: &object)
        if event.type == .put { PipeText.addBytes("value", event.kv.value, to: &object) }
        object.add("mod_revision", .int(event.kv.modRevision))
        if event.type == .put {
            object.add("create_revision", .int(event.kv.createRevision))
            object.add("version", .int(event.kv.version))
            if event.kv.lease != 0 { object.add("lease", .string(String(event.kv.lease, radix: 16))) }
        }
        if event.hasPrevKv { PipeText.addBytes("prev_value", event.prevKv.value, to: &object) }
        return object.json
    }
}
