import Foundation
@testable import WAL

/// A fresh directory under the system's temporary directory, removed after `body`.
func withTemporaryDirectory<Result>(_ body: (String) throws -> Result) throws -> Result {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("wal-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url.path)
}

let testMetadata = WALMetadata(memberID: 0x1111, clusterID: 0x2222, extra: [1, 2, 3])

/// Small segments, so that tests cut often.
let smallSegmentBytes = 4096

/// Entries with data that differs per index and term, so a mixed-up entry is noticed.
func makeEntries(_ indexes: ClosedRange<UInt64>, term: UInt64, dataBytes: Int = 40) -> [WALEntry] {
    indexes.map { index in
        WALEntry(index: index, term: term, kind: UInt8(index % 2),
                 data: (0..<dataBytes).map { UInt8(truncatingIfNeeded: Int(index) &* 31 &+ Int(term) &* 7 &+ $0) })
    }
}

func segmentPaths(_ directory: String) throws -> [String] {
    try SegmentDirectory.segmentNames(in: directory).map { directory + "/" + $0.fileName }
}

func readBytes(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

func writeBytes(_ bytes: [UInt8], to path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// Changes one byte of a file in place.
func flipByte(in path: String, at offsetBytes: Int) throws {
    var bytes = try readBytes(path)
    bytes[offsetBytes] ^= 0x40
    try writeBytes(bytes, to: path)
}

/// Every record of the WAL in `directory`, as the reader finds them.
func locatedRecords(_ directory: String) throws -> [WALLocatedRecord] {
    var records: [WALLocatedRecord] = []
    let damage = try WALReader(directory: directory).forEachRecord { records.append($0) }
    precondition(damage == nil, "the WAL under test is damaged: \(damage!)")
    return records
}

/// Builds segment bytes by hand (for damage a correct writer never makes), returning them
/// with the chain CRC at their end.
func craftSegment(previousCRC: UInt32, metadata: WALMetadata, records: [WALRecord],
                  segmentBytes: Int = smallSegmentBytes) -> (bytes: [UInt8], crc: UInt32) {
    var (bytes, crc) = SegmentHead.encode(previousCRC: previousCRC, metadata: metadata, followedBy: [])
    for record in records {
        crc = RecordFrame.append(record, chainedFrom: crc, to: &bytes)
    }
    precondition(bytes.count <= segmentBytes, "crafted segment overflows")
    return (bytes + [UInt8](repeating: 0, count: segmentBytes - bytes.count), crc)
}
