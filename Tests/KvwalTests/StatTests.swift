import Testing
import WAL
@testable import kvwal

struct StatTests {
    @Test func countsAndSizes() throws {
        try withDataDirectory { dataDirectory in
            try makeSampleWAL(dataDirectory)
            let segments = try WALReader(directory: walDirectory(dataDirectory)).segments
            let (lines, damage) = try inspect(Stat.self, [dataDirectory])
            #expect(damage == nil)
            #expect(lines[0].hasPrefix("segments: \(segments.count), \(segments.count * sampleSegmentBytes) bytes, "))
            #expect(lines[1].hasPrefix("  \(segments[0].fileName)  \(sampleSegmentBytes) bytes, "))
            #expect(lines.contains("entries: 1..120"))
            let records = try #require(lines.last)
            #expect(records.contains("entry 120"))
            #expect(records.contains("snapshot 2"))
            #expect(records.contains("metadata \(segments.count)"))
            #expect(records.contains("crc-carry \(segments.count)"))

            let json = try #require(jsonObject(try inspect(Stat.self, [dataDirectory, "-w", "json"]).lines.joined()))
            #expect(json["type"] as? String == "stat")
            #expect((json["segments"] as? [[String: Any]])?.count == segments.count)
            #expect((json["segments"] as? [[String: Any]])?.first?["file_bytes"] as? Int == sampleSegmentBytes)
            #expect(json["total_bytes"] as? Int == segments.count * sampleSegmentBytes)
            let used = try #require(json["used_bytes"] as? Int)
            #expect(json["unused_preallocated_bytes"] as? Int == segments.count * sampleSegmentBytes - used)
            #expect(json["first_index"] as? Int == 1)
            #expect(json["last_index"] as? Int == 120)
            let counts = try #require(json["record_counts"] as? [String: Int])
            #expect(counts["entry"] == 120)
            #expect(counts["snapshot"] == 2)
            #expect(counts["hard_state"] == 108 + segments.count - 1)
        }
    }
}
