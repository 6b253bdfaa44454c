import MVCC

/// One watcher's place in history. A watcher is either live (fed each applied batch by the hub,
/// into a bounded buffer) or catching up (its stream reads the store's history from `from`),
/// as etcd's synced and unsynced watchers.
struct Watcher: Sendable {
    enum Feed: Sendable, Equatable {
        /// The hub ignores applied batches; the stream reads history from this revision.
        case catchingUp(from: Int64)
        /// Every revision up to `covered` is sent or buffered; the hub adds later batches.
        case live(covered: Int64)
    }

    let id: Int64
    /// Unique within the hub: tells a watcher from a later one that reuses its id.
    let serial: UInt64
    let spec: WatchSpec
    var feed: Feed
    var buffer: [EventBatch] = []
    var bufferedEvents = 0
    /// No events went out since the last progress tick (etcd then sends a progress notification).
    var quiet = true

    /// Adds one applied revision's events; past `bufferedEventsMax` the watcher drops its
    /// buffer and falls back to history from the first revision it had not handed out, so a
    /// slow client costs bounded memory and loses nothing.
    mutating func offer(_ events: [Event], at revision: Int64, bufferedEventsMax: Int) -> Bool {
        guard case .live(let covered) = feed, revision > covered else { return false }
        feed = .live(covered: revision)
        let matching = spec.shape.apply(to: events.filter { spec.range.contains($0.kv.key) })
        guard !matching.isEmpty else { return false }
        if !buffer.isEmpty, bufferedEvents + matching.count > bufferedEventsMax {
            fallBack(missedFrom: revision)
        } else {
            buffer.append(EventBatch(revision: revision, events: matching))
            bufferedEvents += matching.count
        }
        return true
    }

    /// Leaves the live feed for the store's history, from the first revision it had not handed
    /// out: buffered batches are read again rather than sent, so nothing goes out twice.
    /// `missedFrom` is the first revision the live feed will not deliver.
    mutating func fallBack(missedFrom revision: Int64) {
        guard case .live = feed else { return }
        feed = .catchingUp(from: buffer.first?.revision ?? revision)
        buffer = []
        bufferedEvents = 0
    }

    /// Notes that every revision through `revision` has been applied and seen.
    mutating func advance(to revision: Int64) {
        if case .live(let covered) = feed, revision > covered { feed = .live(covered: revision) }
    }

    /// Hands out the buffered batches.
    mutating func takeBuffer() -> [EventBatch] {
        defer {
            buffer = []
            bufferedEvents = 0
        }
        if !buffer.isEmpty { quiet = false }
        return buffer
    }
}

/// One revision's events for one watcher.
struct EventBatch: Sendable, Equatable {
    var revision: Int64
    var events: [Event]
}
