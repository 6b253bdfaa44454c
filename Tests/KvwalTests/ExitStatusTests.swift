import Foundation
import Testing
import WAL

/// The built binary: exit statuses, stdout and stderr, as an operator or a script sees them.
struct ExitStatusTests {
    init() throws {
        try #require(FileManager.default.isExecutableFile(atPath: kvwalBinaryPath), "build first: swift build --build-tests")
    }

    @Test func verifySoundWAL() throws {
        try withDataDirectory { dataDirectory in
            try makeSampleWAL(dataDirectory)
            let stats = try WALReader(directory: walDirectory(dataDirectory)).stats()
            let records = stats.recordCounts.values.reduce(0, +)
            let result = try runKvwal(["verify", dataDirectory])
            #expect(result.status == 0)
            #expect(result.stdout == "ok: \(records) records in \(stats.segments.count) segments, entries 1..120\n")
            #expect(result.stderr.isEmpty)

            let json = try runKvwal(["verify", "-w", "json", dataDirectory])
            #expect(json.status == 0)
            let object = try #require(json.stdoutLines.count == 1 ? jsonObject(json.stdoutLines[0]) : nil)
            #expect(object["type"] as? String == "verify")
            #expect(object["ok"] as? Bool == true)
            #expect(object["records"] as? Int == records)
            #expect(object["first_index"] as? Int == 1)
            #expect(object["last_index"] as? Int == 120)
        }
    }

    @Test func verifyNamesFileAndOffsetOfDamage() throws {
        try withDataDirectory { dataDirectory in
            try makeSampleWAL(dataDirectory)
            let directory = walDirectory(dataDirectory)
            let reader = try WALReader(directory: directory)
            let segment = reader.segments[1]
            var victims: [WALLocatedRecord] = []
            try reader.forEachRecord { if $0.segment == segment { victims.append($0) } }
            let victim = victims[victims.count / 2]
            let path = directory + "/" + segment.fileName
            try flipByte(in: path, at: victim.offsetBytes + 14)

            let result = try runKvwal(["verify", dataDirectory])
            #expect(result.status == 1)
            #expect(result.stdout.isEmpty)
            let lines = result.stderr.split(separator: "\n")
            #expect(lines.count == 1)
            #expect(result.stderr.contains("\(path) at byte offset \(victim.offsetBytes)"))
            #expect(result.stderr.contains("CRC mismatch"))

            let json = try runKvwal(["verify", "--write-out", "json", dataDirectory])
            #expect(json.status == 1)
            let damage = try #require(json.stdoutLines.last.flatMap(jsonObject))
            #expect(damage["type"] as? String == "damage")
            #expect(damage["kind"] as? String == "corrupt_record")
            #expect(damage["file"] as? String == path)
            #expect(damage["offset"] as? Int == victim.offsetBytes)

            let dump = try runKvwal(["dump", "-w", "json", dataDirectory])
            #expect(dump.status == 1)
            let objects = dump.stdoutLines.compactMap(jsonObject)
            #expect(objects.count == dump.stdoutLines.count)
            #expect(objects.last?["type"] as? String == "damage")
            let lastRecord = try #require(objects.dropLast().last)
            #expect(lastRecord["file"] as? String == segment.fileName)
            #expect((lastRecord["offset"] as? Int ?? .max) < victim.offsetBytes)
        }
    }

    @Test func unreadableInputIsOneLineAndStatusTwo() throws {
        try withDataDirectory { dataDirectory in
            let missing = try runKvwal(["verify", dataDirectory + "/nowhere"])
            #expect(missing.status == 2)
            #expect(missing.stderr == "kvwal: no such directory: \(dataDirectory)/nowhere\n")

            let notData = try runKvwal(["stat", dataDirectory])
            #expect(notData.status == 2)
            #expect(notData.stderr.hasPrefix("kvwal: no WAL in \(dataDirectory): "))
            #expect(notData.stderr.split(separator: "\n").count == 1)

            try FileManager.default.createDirectory(atPath: walDirectory(dataDirectory), withIntermediateDirectories: true)
            let empty = try runKvwal(["dump", dataDirectory])
            #expect(empty.status == 2)
            #expect(empty.stderr.contains("no segments"))
            #expect(empty.stderr.split(separator: "\n").count == 1)

            let elsewhere = try runKvwal(["verify", "--wal-dir", dataDirectory + "/nowhere"])
            #expect(elsewhere.status == 2)
            #expect(elsewhere.stderr == "kvwal: no such directory: \(dataDirectory)/nowhere\n")
        }
    }

    @Test func dumpIsTheDefaultAndWalDirPointsElsewhere() throws {
        try withDataDirectory { dataDirectory in
            try makeSampleWAL(dataDirectory)
            let explicit = try runKvwal(["dump", dataDirectory])
            #expect(explicit.status == 0)
            #expect(explicit.stdoutLines.count > 120)
            #expect(try runKvwal([dataDirectory]).stdout == explicit.stdout)
            #expect(try runKvwal(["dump", "--wal-dir", walDirectory(dataDirectory)]).stdout == explicit.stdout)
        }
    }

    @Test func helpDocumentsTheFormatAndVersionPrints() throws {
        let help = try runKvwal(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Record frame (every number little-endian"))
        #expect(help.stdout.contains("crc carry-over   the CRC of the previous segment's last record"))
        let version = try runKvwal(["--version"])
        #expect(version.status == 0)
        #expect(!version.stdout.isEmpty && version.stdout.split(separator: "\n").count == 1)
    }
}
