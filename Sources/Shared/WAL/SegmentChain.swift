/// One segment as read by `SegmentChain`.
struct SegmentRead {
    let name: WALSegmentName
    let path: String
    let bytes: [UInt8]
    let scan: SegmentScan
    let isLast: Bool
}

/// Reads segments in order, continuing the CRC chain from one to the next and checking that
/// none is missing and that they agree on the metadata. Open and the reader share it, so the
/// read-only inspector judges damage exactly as open does.
enum SegmentChain {
    /// Calls `visit` for each segment (with the records before any damage in it), stopping at
    /// the first damage, which it returns; `visit` may report damage of its own.
    static func read(_ segments: [WALSegmentName], in directory: String,
                     visit: (SegmentRead) throws -> WALError?) throws -> WALError? {
        var incomingCRC: UInt32?
        var firstMetadata: WALMetadata?
        for (position, name) in segments.enumerated() {
            let path = FileIO.join(directory, name.fileName)
            if position > 0, name.sequence != segments[position - 1].sequence + 1 {
                return WALError(.sequenceGap, file: path, offsetBytes: 0,
                                detail: "segment sequence \(name.sequence) follows \(segments[position - 1].sequence), expected \(segments[position - 1].sequence + 1)")
            }
            let bytes = try FileIO.readAll(path)
            let scan = bytes.withUnsafeBytes { SegmentScan($0, incomingCRC: incomingCRC) }
            let segment = SegmentRead(name: name, path: path, bytes: bytes, scan: scan, isLast: position == segments.count - 1)
            if let mismatch = checkMetadata(segment, against: &firstMetadata) { return mismatch }
            if let damage = try visit(segment) { return damage }
            if let damage = scan.damage {
                let kind: WALError.Kind = segment.isLast && damage.mayBeTornTail ? .tornTail : .corruptRecord
                return WALError(kind, file: path, offsetBytes: damage.offsetBytes, detail: damage.reason)
            }
            incomingCRC = scan.chainCRC
        }
        return nil
    }

    private static func checkMetadata(_ segment: SegmentRead, against first: inout WALMetadata?) -> WALError? {
        guard segment.scan.records.count >= SegmentScan.headRecordCount,
              case .metadata(let metadata) = segment.scan.records[1].record else { return nil }
        guard let expected = first else {
            first = metadata
            return nil
        }
        guard metadata == expected else {
            return WALError(.metadataMismatch, file: segment.path, offsetBytes: segment.scan.records[1].offsetBytes,
                            detail: "member \(metadata.memberID) cluster \(metadata.clusterID), expected member \(expected.memberID) cluster \(expected.clusterID) as in the first segment read")
        }
        return nil
    }
}
