import LogEntries
import MVCC
import Raft
import WAL

/// What an entry's data means, read by the entry's kind. Both output formats describe this,
/// so they never disagree about an entry; a payload that does not decode is described, not
/// fatal, because the inspector exists for logs in unknown condition.
enum EntryPayload {
    /// An empty normal entry: a new leader's first entry of its term.
    case noOp
    case request(Request)
    case memberAttributes(MemberAttributes)
    case confChange(ConfChange)
    case undecodable(byteCount: Int, reason: String)

    init(_ entry: WALEntry) {
        switch EntryKind(rawValue: entry.kind) {
        case .normal:
            do {
                switch try LogEntryPayload(decoding: entry.data) {
                case .noOp: self = .noOp
                case .proposed(let proposal): self = .request(proposal.request)
                case .request(let request): self = .request(request)
                case .memberAttributes(let attributes): self = .memberAttributes(attributes)
                }
            } catch {
                self = .undecodable(byteCount: entry.data.count, reason: error.description)
            }
        case .confChange:
            if let change = ConfChange(decoding: entry.data) {
                self = .confChange(change)
            } else {
                self = .undecodable(byteCount: entry.data.count, reason: "not a conf change")
            }
        case nil:
            self = .undecodable(byteCount: entry.data.count, reason: "unknown entry kind \(entry.kind)")
        }
    }

    /// The entry kind's name, as `--kind` spells it.
    static func kindName(_ kind: UInt8) -> String {
        switch EntryKind(rawValue: kind) {
        case .normal: RecordKind.normal.rawValue
        case .confChange: RecordKind.confChange.rawValue
        case nil: "kind-\(kind)"
        }
    }
}
