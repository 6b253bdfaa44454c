import ArgumentParser
import Foundation
import MVCC

extension Snapshot {
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Gets backend snapshot status of a given file.",
            discussion: """
            Reads a kvd snapshot (what `snapshot save` writes from kvd: an LMDB file holding the \
            store) without a cluster, and prints its hash, revision, total keys and total size \
            as etcdctl does for etcd's bbolt files. The hash is CRC-32C over the file's tables \
            and records (equal for equal stores; not etcd's); total keys counts every record \
            (each revision of a key, leases, alarms). etcd's own (bbolt) snapshots are for \
            etcdctl, and are named as such.
            """)
        @OptionGroup var global: GlobalOptions
        @Argument(help: "<filename>") var arguments: [String] = []

        func run() async throws {
            guard arguments.count == 1 else { throw KvctlError.badArguments("snapshot status requires exactly one argument") }
            let printer = try global.printer(environment: ProcessInfo.processInfo.environment)
            let status = try Self.read(arguments[0])
            try StandardStreams.write(try printer.snapshotStatus(status))
        }

        /// The file's status, or why it is not a file kvctl can read, in one line.
        static func read(_ path: String) throws(KvctlError) -> SnapshotStatus {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw .failed("stat \(path): no such file or directory")
            }
            guard !isDirectory.boolValue else { throw .failed("open \(path): is a directory") }
            let head = FileHandle(forReadingAtPath: path).flatMap { try? $0.read(upToCount: SnapshotFileKind.headerBytes) } ?? Data()
            switch SnapshotFileKind(header: Array(head)) {
            case .bbolt:
                throw .failed("invalid database: \(path) is an etcd (bbolt) snapshot; kvctl reads kvd's (LMDB) snapshots, etcdctl reads this one")
            case .unknown:
                throw .failed("invalid database: \(path) is not a kvd snapshot (an LMDB file holding kvd's store)")
            case .lmdb:
                do {
                    return try MVCCStore.snapshotStatus(path: path)
                } catch {
                    throw .failed("invalid database: \(path) is an LMDB file but not a kvd snapshot (\(error))")
                }
            }
        }
    }
}

/// Which store a file is, from the magic number at byte 16 of its first page: bbolt's (etcd)
/// or LMDB's (kvd), both written in the machine's (little-endian) byte order.
enum SnapshotFileKind: Equatable {
    case bbolt
    case lmdb
    case unknown

    static let headerBytes = 20
    static let bboltMagic: UInt32 = 0xED0C_DAED
    static let lmdbMagic: UInt32 = 0xBEEF_C0DE

    init(header: [UInt8]) {
        guard header.count >= Self.headerBytes else {
            self = .unknown
            return
        }
        let magic = header[16..<20].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        switch magic {
        case Self.bboltMagic: self = .bbolt
        case Self.lmdbMagic: self = .lmdb
        default: self = .unknown
        }
    }
}
