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
    case confChange(ConfChange)
    case undecodable(byteCount: Int, reason: String)

    init(_ entry: WALEntry) {
        switch EntryKind(rawValue: entry.kind) {
        case .normal where entry.data.isEmpty:
            self = .noOp
        case .normal:
            do {
                // kvd proposes requests in an envelope naming the proposer; bare requests
                // are what the codec alone writes.
                if entry.data[0] == ProposedRequest.envelopeFormat {
                    self = .request(try ProposedRequest(decoding: entry.data).request)
                } else {
                    self = .request(try Request(decoding: entry.data))
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
