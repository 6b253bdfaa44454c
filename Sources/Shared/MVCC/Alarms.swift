import CLMDB

/// etcd's alarm types. NONE is no alarm a member can hold: it only means "any" in a query.
public enum AlarmType: UInt8, Sendable, Equatable, Hashable, CaseIterable {
    /// The store outgrew its quota: writes that add data are refused until it is cleared.
    case noSpace = 1
    /// Recorded and listed; kvd does not yet check members' stores against each other.
    case corrupt = 2

    /// etcd's name for it.
    public var name: String {
        switch self {
        case .noSpace: "NOSPACE"
        case .corrupt: "CORRUPT"
        }
    }
}

/// One raised alarm: which member raised it, and of what type.
public struct AlarmMember: Sendable, Equatable, Hashable {
    public var memberID: UInt64
    public var alarm: AlarmType

    public init(memberID: UInt64, alarm: AlarmType) {
        self.memberID = memberID
        self.alarm = alarm
    }
}

/// An alarm raised or cleared through the log: every member applies it alike, and the store
/// keeps the active alarms, so they survive restarts and travel with snapshots.
public struct AlarmChange: Sendable, Equatable {
    public enum Action: Sendable, Equatable, CaseIterable {
        case activate
        case deactivate
    }

    public var action: Action
    public var member: AlarmMember

    public init(action: Action, member: AlarmMember) {
        self.action = action
        self.member = member
    }
}

extension Request {
    /// Whether the request can add data to the store: a put, a lease grant, or a txn with a
    /// put in either branch (at any depth, whichever branch its compares pick). These are the
    /// requests refused while a NOSPACE alarm is active, as etcd refuses them.
    public var addsData: Bool {
        switch self {
        case .put, .leaseGrant: true
        case .txn(let txn): txn.containsPut
        case .deleteRange, .compact, .leaseRevoke, .alarm: false
        }
    }
}

extension TxnRequest {
    var containsPut: Bool {
        (success + failure).contains { op in
            switch op {
            case .put: true
            case .txn(let inner): inner.containsPut
            case .range, .deleteRange: false
            }
        }
    }
}

/// The `alarms` table: member id (8 bytes big-endian) then the alarm type (1 byte) -> nothing,
/// so the alarms list in member-id order.
extension HistoryView {
    static func alarmKey(_ member: AlarmMember) -> [UInt8] {
        withUnsafeBytes(of: member.memberID.bigEndian) { Array($0) } + [member.alarm.rawValue]
    }

    func alarms() throws(MVCCError) -> [AlarmMember] {
        var alarms: [AlarmMember] = []
        let stepsMax = try txn.entryCount(tables.alarms) + 1
        try txn.withCursor(tables.alarms) { cursor throws(MVCCError) in
            var entry = try cursor.get(MDB_FIRST)
            for _ in 0..<stepsMax {
                guard let key = entry?.key else { return }
                guard key.count == 9, let alarm = AlarmType(rawValue: key[8]) else { throw .corrupt("malformed alarm record") }
                let memberID = key[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                alarms.append(AlarmMember(memberID: memberID, alarm: alarm))
                entry = try cursor.get(MDB_NEXT)
            }
            preconditionFailure("alarm scan outran the \(stepsMax) alarms")
        }
        return alarms
    }
}

extension Applier {
    /// etcd's answer: the alarm raised (also when it was already raised), or the alarm cleared
    /// (nothing when it was not raised).
    mutating func alarm(_ change: AlarmChange) throws(MVCCError) -> [AlarmMember] {
        let key = HistoryView.alarmKey(change.member)
        let changed: [AlarmMember]
        switch change.action {
        case .activate:
            try view.txn.put(view.tables.alarms, key: key, value: [])
            changed = [change.member]
        case .deactivate:
            changed = try view.txn.delete(view.tables.alarms, key: key) ? [change.member] : []
        }
        spaceExhausted = try view.alarms().contains { $0.alarm == .noSpace }
        return changed
    }
}

extension MVCCStore {
    /// The active alarms, in member-id order.
    public func alarms() throws(MVCCError) -> [AlarmMember] {
        try gate.withShared { () throws(MVCCError) -> [AlarmMember] in
            try openStore().read { view throws(MVCCError) in try view.alarms() }
        }
    }
}
