import ArgumentParser
import Raft
import WAL

/// The kinds of record `--kind` selects, splitting entries by their Raft kind. The names are
/// also the simple output's words; the JSON output writes them with `_` for `-`.
enum RecordKind: String, CaseIterable, ExpressibleByArgument {
    /// Every entry, whatever its kind.
    case entry
    case normal
    case confChange = "conf-change"
    case hardState = "hard-state"
    case snapshot
    case metadata
    case crcCarry = "crc-carry"

    var jsonName: String { rawValue.replacing("-", with: "_") }

    /// The name of a WAL record kind (entries as a whole).
    init(_ kind: WALRecordKind) {
        switch kind {
        case .metadata: self = .metadata
        case .entry: self = .entry
        case .hardState: self = .hardState
        case .snapshotMarker: self = .snapshot
        case .crcCarry: self = .crcCarry
        }
    }

    /// Whether `--kind <self>` selects `record`.
    func selects(_ record: WALRecord) -> Bool {
        switch (self, record) {
        case (.normal, .entry(let entry)): entry.kind == EntryKind.normal.rawValue
        case (.confChange, .entry(let entry)): entry.kind == EntryKind.confChange.rawValue
        case (.normal, _), (.confChange, _): false
        default: self == RecordKind(record.kind)
        }
    }
}
