import API
import Foundation
import Raft

/// Raft's messages on the wire between members. Kinds keep their numbers on both sides, so
/// a kind this build does not know arrives as nil and the message is dropped.
extension Kvdpeer_Message {
    init(_ m: Message) {
        self.init()
        kind = Kvdpeer_MessageKind(rawValue: Int(m.kind.rawValue)) ?? .UNRECOGNIZED(Int(m.kind.rawValue))
        to = m.to
        from = m.from
        term = m.term
        logTerm = m.logTerm
        index = m.index
        entries = m.entries.map(Kvdpeer_Entry.init)
        commit = m.commit
        if let snapshot = m.snapshot { self.snapshot = Kvdpeer_Snapshot(snapshot) }
        reject = m.reject
        rejectHint = m.rejectHint
        context = Data(m.context)
        leaseTick = m.leaseTick
    }
}

extension Message {
    /// Nil for a kind this build does not know, or one that must never cross the network.
    init?(_ wire: Kvdpeer_Message) {
        guard let kind = MessageKind(rawValue: UInt8(truncatingIfNeeded: wire.kind.rawValue)),
              wire.kind.rawValue == Int(kind.rawValue), !kind.isLocalOnly else { return nil }
        var entries: [Entry] = []
        entries.reserveCapacity(wire.entries.count)
        for entry in wire.entries {
            guard let decoded = Entry(entry) else { return nil }
            entries.append(decoded)
        }
        self.init(kind: kind, to: wire.to, from: wire.from, term: wire.term, logTerm: wire.logTerm,
                  index: wire.index, entries: entries, commit: wire.commit,
                  snapshot: wire.hasSnapshot ? Snapshot(wire.snapshot) : nil, reject: wire.reject,
                  rejectHint: wire.rejectHint, context: Array(wire.context), leaseTick: wire.leaseTick)
    }
}

extension Kvdpeer_Entry {
    init(_ entry: Entry) {
        self.init()
        term = entry.term
        index = entry.index
        kind = entry.kind == .confChange ? .confChange : .normal
        data = Data(entry.data)
    }
}

extension Entry {
    init?(_ wire: Kvdpeer_Entry) {
        let kind: EntryKind
        switch wire.kind {
        case .normal: kind = .normal
        case .confChange: kind = .confChange
        default: return nil
        }
        self.init(term: wire.term, index: wire.index, kind: kind, data: Array(wire.data))
    }
}

extension Kvdpeer_Snapshot {
    init(_ snapshot: Snapshot) {
        self.init()
        metadata.index = snapshot.metadata.index
        metadata.term = snapshot.metadata.term
        metadata.confState.voters = snapshot.metadata.confState.voters
        metadata.confState.learners = snapshot.metadata.confState.learners
        data = Data(snapshot.data)
    }
}

extension Snapshot {
    init(_ wire: Kvdpeer_Snapshot) {
        let conf = ConfState(voters: wire.metadata.confState.voters, learners: wire.metadata.confState.learners)
        self.init(metadata: SnapshotMetadata(index: wire.metadata.index, term: wire.metadata.term, confState: conf),
                  data: Array(wire.data))
    }
}
