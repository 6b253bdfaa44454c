/// The records every segment starts with: the CRC carry-over, which continues the chain from
/// the previous segment (0 for the first), and the metadata, then what the writer adds (the
/// initial snapshot marker in the first segment, the current hard state in later ones, so
/// that releasing old segments never loses it).
enum SegmentHead {
    static func encode(previousCRC: UInt32, metadata: WALMetadata, followedBy records: [WALRecord]) -> (bytes: [UInt8], crc: UInt32) {
        var bytes: [UInt8] = []
        var crc = RecordFrame.append(.crcCarry(previousCRC: previousCRC), chainedFrom: previousCRC, to: &bytes)
        for record in [.metadata(metadata)] + records {
            crc = RecordFrame.append(record, chainedFrom: crc, to: &bytes)
        }
        return (bytes, crc)
    }
}
