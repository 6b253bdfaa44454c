/// Why the WAL could not be created, opened or read; also what `WALReader.verify` reports.
///
/// Damage always names the file, the byte offset and what was expected, so an operator can
/// find it with a hex dump.
public struct WALError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable, CustomStringConvertible {
        /// A damaged final record of the final segment: a crash mid-write. Open repairs it.
        case tornTail
        /// A damaged record anywhere else; never repaired.
        case corruptRecord
        /// A segment is missing: the sequence numbers are not consecutive.
        case sequenceGap
        /// An entry index skips ahead of the one before it.
        case indexGap
        /// Segments disagree about the member or cluster.
        case metadataMismatch
        /// A `.wal` file whose name is not `<16 hex>-<16 hex>.wal`.
        case badFileName
        /// The snapshot to open after is not recorded in the WAL.
        case snapshotNotFound
        /// The WAL records the snapshot's index with a different term.
        case snapshotMismatch
        /// Create found segments already there.
        case alreadyExists
        /// Open found no segments.
        case noSegments
        /// A system call failed.
        case io

        public var description: String {
            switch self {
            case .tornTail: "torn tail"
            case .corruptRecord: "corrupt record"
            case .sequenceGap: "missing segment"
            case .indexGap: "index gap"
            case .metadataMismatch: "metadata mismatch"
            case .badFileName: "bad file name"
            case .snapshotNotFound: "snapshot not found"
            case .snapshotMismatch: "snapshot mismatch"
            case .alreadyExists: "already exists"
            case .noSegments: "no segments"
            case .io: "i/o error"
            }
        }
    }

    public let kind: Kind
    /// The path of the file (or directory) concerned.
    public let file: String
    /// Where in the file, when the problem is at a place in it.
    public let offsetBytes: Int?
    /// What was found and what was expected.
    public let detail: String

    public init(_ kind: Kind, file: String, offsetBytes: Int? = nil, detail: String) {
        self.kind = kind
        self.file = file
        self.offsetBytes = offsetBytes
        self.detail = detail
    }

    public var description: String {
        let place = offsetBytes.map { "\(file) at byte offset \($0)" } ?? file
        return "wal: \(kind): \(place): \(detail)"
    }
}
