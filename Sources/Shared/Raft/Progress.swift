/// How the leader is currently feeding one follower.
public enum ProgressState: Sendable, Hashable {
    /// One append at a time until the follower's log position is found.
    case probe
    /// Optimistic streaming of appends, bounded by the inflight window.
    case replicate
    /// A snapshot is on its way; appends wait for it.
    case snapshot
}

/// The leader's view of one follower (or of itself).
struct Progress {
    var match: UInt64
    var next: UInt64
    private(set) var state: ProgressState = .probe
    /// The snapshot index being sent, while in `.snapshot`.
    private(set) var pendingSnapshot: UInt64 = 0
    /// Heard from since the last check-quorum round.
    var recentActive = false
    /// In `.probe`: an append is out, so wait for its answer or a heartbeat response.
    var probeSent = false
    var inflights: Inflights
    var isLearner: Bool
    /// The latest leader lease clock value this follower echoed back.
    var leaseTick: UInt64 = 0

    init(match: UInt64, next: UInt64, inflights: Inflights, isLearner: Bool) {
        self.match = match
        self.next = next
        self.inflights = inflights
        self.isLearner = isLearner
    }

    private mutating func reset(to newState: ProgressState) {
        probeSent = false
        pendingSnapshot = 0
        state = newState
        inflights.reset()
    }

    mutating func becomeProbe() {
        if state == .snapshot {
            let pending = pendingSnapshot
            reset(to: .probe)
            next = max(match + 1, pending + 1)
        } else {
            reset(to: .probe)
            next = match + 1
        }
    }

    mutating func becomeReplicate() {
        reset(to: .replicate)
        next = match + 1
    }

    mutating func becomeSnapshot(index: UInt64) {
        reset(to: .snapshot)
        pendingSnapshot = index
    }

    /// Records an acknowledgement up to `index`; returns whether `match` moved.
    mutating func maybeUpdate(_ index: UInt64) -> Bool {
        var updated = false
        if match < index {
            match = index
            updated = true
            probeSent = false
        }
        next = max(next, index + 1)
        return updated
    }

    /// Handles a rejection of the append at `rejected`; returns false when it is stale.
    mutating func maybeDecrTo(rejected: UInt64, matchHint: UInt64) -> Bool {
        if state == .replicate {
            if rejected <= match { return false }
            next = match + 1
            return true
        }
        if next == 0 || next - 1 != rejected { return false }
        next = max(min(rejected, matchHint + 1), match + 1)
        probeSent = false
        return true
    }

    /// Accounts for an append just sent carrying `entries` entries of `bytes` bytes.
    mutating func sentEntries(_ entries: Int, bytes: UInt64) {
        switch state {
        case .replicate:
            if entries > 0 {
                next += UInt64(entries)
                inflights.add(index: next - 1, bytes: bytes)
            }
        case .probe:
            probeSent = true
        case .snapshot:
            preconditionFailure("sending entries to a follower that awaits a snapshot")
        }
    }

    var isPaused: Bool {
        switch state {
        case .probe: probeSent
        case .replicate: inflights.isFull
        case .snapshot: true
        }
    }
}
