import Foundation
import TestSupport
import MVCC
import Raft
import WAL
@testable import kvwal

/// A fresh data directory under the system's temporary directory, removed after `body`.
func withDataDirectory<Result>(_ body: (String) throws -> Result) throws -> Result {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("kvwal-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: url) }
    return try body(url.path)
}

func walDirectory(_ dataDirectory: String) -> String { dataDirectory + "/member/wal" }

let sampleMetadata = WALMetadata(memberID: 0x8e9e_05c5_2164_694d, clusterID: 0xcdf8_1819_4e3a_8c32)

/// One entry of every kind of payload, at indexes 1...13, in this order.
let sampleEntries: [(kind: EntryKind, data: [UInt8])] = [
    (.normal, []),
    (.normal, Request.put(PutRequest(key: Array("foo".utf8), value: Array("bar".utf8), lease: 0x1f, prevKV: true)).encoded()),
    (.normal, Request.put(PutRequest(key: [0x00, 0x61], value: [0xFF, 0x5C], ignoreValue: true, ignoreLease: true)).encoded()),
    (.normal, Request.deleteRange(DeleteRangeRequest(key: Array("a".utf8), rangeEnd: Array("b".utf8), prevKV: true)).encoded()),
    (.normal, Request.txn(TxnRequest(
        compare: [Compare(key: Array("k".utf8), target: .version(1), result: .equal),
                  Compare(key: Array("k".utf8), target: .value([0xFF]), result: .notEqual)],
        success: [.put(PutRequest(key: Array("k".utf8), value: Array("v".utf8))),
                  .range(RangeRequest(key: Array("a".utf8), rangeEnd: [0], limit: 5, sortOrder: .descend, sortTarget: .mod, keysOnly: true))],
        failure: [.deleteRange(DeleteRangeRequest(key: Array("k".utf8))),
                  .txn(TxnRequest(success: [.put(PutRequest(key: Array("n".utf8), value: Array("1".utf8)))]))])).encoded()),
    (.normal, Request.compact(revision: 7).encoded()),
    (.normal, Request.leaseGrant(id: 0x1f, ttl: 60).encoded()),
    (.normal, Request.leaseRevoke(id: 0x1f).encoded()),
    (.confChange, ConfChange(kind: .addNode, nodeID: 0xabc, context: Array("http://10.0.0.3:2380".utf8)).encoded),
    (.confChange, ConfChange(kind: .removeNode, nodeID: 0xabc).encoded),
    (.confChange, ConfChange(kind: .addLearner, nodeID: 0xdef).encoded),
    (.normal, [0xDE, 0xAD]),
    (.confChange, [1]),
]

/// Small segments, so that the filler entries spread over several.
let sampleSegmentBytes = 4096

/// A WAL with the sample entries (term 1), a hard state, a snapshot marker at 5, then puts at
/// indexes 14...`lastIndex` (term 2) with hard states, over several segments.
func makeSampleWAL(_ dataDirectory: String, lastIndex: UInt64 = 120) throws {
    let wal = try WAL.create(directory: walDirectory(dataDirectory), metadata: sampleMetadata, segmentBytes: sampleSegmentBytes)
    let entries = sampleEntries.enumerated().map { position, entry in
        WALEntry(index: UInt64(position + 1), term: 1, kind: entry.kind.rawValue, data: entry.data)
    }
    try wal.save(hardState: WALHardState(term: 1, vote: 0x8e9e_05c5_2164_694d, commit: 13), entries: entries)
    try wal.saveSnapshotMarker(WALSnapshotMarker(index: 5, term: 1))
    for index in 14...lastIndex {
        let put = Request.put(PutRequest(key: Array("key-\(index)".utf8), value: Array(repeating: 0x78, count: 40)))
        try wal.save(hardState: WALHardState(term: 2, vote: 0, commit: index),
                     entries: [WALEntry(index: index, term: 2, data: put.encoded())])
    }
    try wal.close()
}

/// The lines a subcommand writes for `arguments`, run in process.
func inspect<Command: WALInspection>(_ command: Command.Type, _ arguments: [String]) throws -> (lines: [String], damage: WALError?) {
    let parsed = try Command.parse(arguments)
    var lines: [String] = []
    let damage = try parsed.inspect(try parsed.options.openReader()) { lines.append($0) }
    return (lines, damage)
}

/// A JSON line as a dictionary; nil when it is not one JSON object.
func jsonObject(_ line: String) -> [String: Any]? {
    guard let data = line.data(using: .utf8) else { return nil }
    return (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
}

/// What running the built `kvwal` binary gave.
struct ProcessResult {
    let status: Int32
    let stdout: String
    let stderr: String

    var stdoutLines: [String] { stdout.split(separator: "\n").map(String.init) }
}

/// The `kvwal` binary built beside the test bundle (`swift build --build-tests` builds both).
var kvwalBinaryPath: String {
    let testBinary = Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])
    return testBinary.deletingLastPathComponent().appendingPathComponent("kvwal").path
}

/// Runs the binary to the end; output goes through files, so a large one cannot block it.
func runKvwal(_ arguments: [String]) throws -> ProcessResult {
    let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("kvwal-run-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: scratch) }
    let stdoutURL = scratch.appendingPathComponent("stdout")
    let stderrURL = scratch.appendingPathComponent("stderr")
    try Data().write(to: stdoutURL)
    try Data().write(to: stderrURL)
    let process = Process()
    process.executableURL = URL(fileURLWithPath: kvwalBinaryPath)
    process.arguments = arguments
    process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
    process.standardError = try FileHandle(forWritingTo: stderrURL)
    try launching { try process.run() }
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus,
                         stdout: try String(contentsOf: stdoutURL, encoding: .utf8),
                         stderr: try String(contentsOf: stderrURL, encoding: .utf8))
}

/// Changes one byte of a file in place.
func flipByte(in path: String, at offsetBytes: Int) throws {
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    bytes[offsetBytes] ^= 0x40
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}
