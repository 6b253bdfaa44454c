import WAL

/// Records in words for the simple output: the kind as `--kind` names it, then
/// `name=value` fields. Ids are hex (`IDText`), CRCs hex with 0x, other numbers decimal.
enum RecordDescription {
    /// A segment's header line: the records after it are in that file.
    static func segmentHeader(_ segment: WALSegmentName) -> String {
        "segment \(segment.fileName)"
    }

    /// One record, after its byte offset in the segment.
    static func line(_ located: WALLocatedRecord) -> String {
        let offset = String(located.offsetBytes)
        let column = String(repeating: " ", count: max(0, 8 - offset.count))
        return "  @\(offset)\(column)\(words(located.record))"
    }

    static func words(_ record: WALRecord) -> String {
        switch record {
        case .crcCarry(let previousCRC):
            "crc-carry previous_crc=0x\(String(previousCRC, radix: 16))"
        case .metadata(let metadata):
            "metadata member=\(IDText.hex(metadata.memberID)) cluster=\(IDText.hex(metadata.clusterID))"
                + (metadata.extra.isEmpty ? "" : " extra=\(ByteText.escaped(metadata.extra))")
        case .hardState(let state):
            "hard-state term=\(state.term) vote=\(IDText.hex(state.vote)) commit=\(state.commit)"
        case .snapshotMarker(let marker):
            "snapshot index=\(marker.index) term=\(marker.term)"
        case .entry(let entry):
            "entry index=\(entry.index) term=\(entry.term) \(EntryPayload.kindName(entry.kind)): "
                + RequestDescription.words(EntryPayload(entry))
        }
    }

    /// The first damage, for stderr. A torn tail says that opening would repair it, since on a
    /// live member it may only be a record being written.
    static func damage(_ damage: WALError) -> String {
        let repair = damage.kind == .tornTail ? " (a write cut short: opening the WAL truncates it)" : ""
        return "kvwal: \(damage)\(repair)"
    }
}
