import WAL

/// Records as JSON objects: "type" first (the `--kind` name with `_` for `-`), the record's
/// fields, then "file" (the segment's file name) and "offset" (its byte offset in the file).
enum RecordJSON {
    static func object(_ located: WALLocatedRecord) -> JSON {
        let place: [(String, JSON)] = [("file", .string(located.fileName)), ("offset", .int(located.offsetBytes))]
        return .object([("type", .string(RecordKind(located.kind).jsonName))] + fields(located.record) + place)
    }

    private static func fields(_ record: WALRecord) -> [(String, JSON)] {
        switch record {
        case .crcCarry(let previousCRC):
            [("previous_crc", .uint(UInt64(previousCRC)))]
        case .metadata(let metadata):
            [("member_id", .string(IDText.hex(metadata.memberID))), ("cluster_id", .string(IDText.hex(metadata.clusterID))),
             JSON.bytesField("extra", metadata.extra)]
        case .hardState(let state):
            [("term", .uint(state.term)), ("vote", .string(IDText.hex(state.vote))), ("commit", .uint(state.commit))]
        case .snapshotMarker(let marker):
            [("index", .uint(marker.index)), ("term", .uint(marker.term))]
        case .entry(let entry):
            [("index", .uint(entry.index)), ("term", .uint(entry.term)),
             ("entry_kind", .string(EntryPayload.kindName(entry.kind).replacing("-", with: "_"))),
             ("request", RequestJSON.object(EntryPayload(entry)))]
        }
    }

    /// The first damage: "kind" as `WALError.Kind` names it, with `_` for spaces; "file" is
    /// the full path and "offset" null when the damage is not at a place in a file.
    static func damage(_ damage: WALError) -> JSON {
        .object([
            ("type", .string("damage")), ("kind", .string("\(damage.kind)".replacing(" ", with: "_"))),
            ("file", .string(damage.file)), ("offset", damage.offsetBytes.map { .int($0) } ?? .null),
            ("reason", .string(damage.detail)),
        ])
    }
}
