import MVCC

/// Every watch stream's watchers, and the revision the hub has been told about: the state
/// machine behind `WatchHub`, with no locks and no I/O. Each method returns the streams
/// that now have work, to be woken.
struct WatchRegistry: Sendable {
    /// The store revision of the last batch applied (or the store's revision at start).
    private(set) var revision: Int64
    let bufferedEventsMax: Int
    private var streams: [UInt64: WatchStreamState] = [:]
    private var nextStreamID: UInt64 = 0
    private var nextSerial: UInt64 = 0

    init(revision: Int64, bufferedEventsMax: Int) {
        precondition(bufferedEventsMax > 0, "watchers need room for one event")
        self.revision = revision
        self.bufferedEventsMax = bufferedEventsMax
    }

    mutating func openStream() -> UInt64 {
        nextStreamID += 1
        streams[nextStreamID] = WatchStreamState()
        return nextStreamID
    }

    mutating func closeStream(_ stream: UInt64) {
        streams[stream] = nil
    }

    /// Adds a watcher, live when it starts after the current revision, otherwise catching up
    /// from its start revision (etcd's synced and unsynced groups).
    mutating func create(_ spec: WatchSpec, on stream: UInt64) {
        guard var state = streams[stream] else { return }
        guard let id = state.assignID(spec.requestedID) else {
            state.control.append(.refused(reason: "mvcc: duplicate watch ID provided on the WatchStream", revision: revision))
            streams[stream] = state
            return
        }
        nextSerial += 1
        let feed: Watcher.Feed = switch spec.startRevision {
        case 0: .live(covered: revision)
        case let start where start > revision: .live(covered: start - 1)
        case let start: .catchingUp(from: start)
        }
        state.watchers[id] = Watcher(id: id, serial: nextSerial, spec: spec, feed: feed)
        state.control.append(.created(watchID: id, revision: revision))
        streams[stream] = state
    }

    /// Answers a create that never became a watcher.
    mutating func refuse(reason: String, on stream: UInt64) {
        streams[stream]?.control.append(.refused(reason: reason, revision: revision))
    }

    /// Removes the watcher and answers the cancel; an unknown id gets no answer, as in etcd.
    mutating func cancel(_ id: Int64, on stream: UInt64) {
        guard streams[stream]?.watchers.removeValue(forKey: id) != nil else { return }
        streams[stream]?.control.append(.canceled(watchID: id, revision: revision))
    }

    mutating func requestProgress(on stream: UInt64) {
        streams[stream]?.progressRequests += 1
    }

    mutating func tick(_ stream: UInt64) {
        streams[stream]?.tickDue = true
    }

    /// Feeds one applied batch to every live watcher.
    mutating func apply(_ results: [AppliedRequest], storeRevision: Int64) -> [UInt64] {
        let batches = results.compactMap { result in
            result.events.first.map { (revision: $0.kv.modRevision, events: result.events) }
        }
        var woken: Set<UInt64> = []
        // Through the values' indices, so that every watcher is changed in place.
        for streamIndex in streams.values.indices {
            for index in streams.values[streamIndex].watchers.values.indices {
                for batch in batches where streams.values[streamIndex].watchers.values[index].offer(
                    batch.events, at: batch.revision, bufferedEventsMax: bufferedEventsMax) {
                    woken.insert(streams.keys[streamIndex])
                }
                streams.values[streamIndex].watchers.values[index].advance(to: storeRevision)
            }
        }
        revision = max(revision, storeRevision)
        return Array(woken)
    }

    /// The store was replaced by a snapshot at `storeRevision`: the revisions it jumped over
    /// never came as batches, so every live watcher that had not seen them reads them from
    /// the store's history instead (etcd moves its synced watchers back to unsynced).
    mutating func restored(storeRevision: Int64) -> [UInt64] {
        var woken: [UInt64] = []
        for streamIndex in streams.values.indices {
            var moved = false
            for index in streams.values[streamIndex].watchers.values.indices {
                guard case .live(let covered) = streams.values[streamIndex].watchers.values[index].feed,
                      covered < storeRevision else { continue }
                streams.values[streamIndex].watchers.values[index].fallBack(missedFrom: covered + 1)
                moved = true
            }
            if moved { woken.append(streams.keys[streamIndex]) }
        }
        revision = max(revision, storeRevision)
        return woken
    }

    /// Everything `stream` should send now, in order: create and cancel answers, buffered
    /// events, one catch-up step per catching-up watcher, then progress answers.
    mutating func take(_ stream: UInt64) -> [WatchWork] {
        guard var state = streams.removeValue(forKey: stream) else { return [] }
        defer { streams[stream] = state }
        var work = state.control
        state.control = []
        var progressRevision = revision
        for id in state.watchers.keys.sorted() {
            guard var watcher = state.watchers[id] else { continue }
            switch watcher.feed {
            case .live:
                work += watcher.takeBuffer().map { .events(watchID: id, batch: $0) }
                state.watchers[id] = watcher
            case .catchingUp(let from):
                progressRevision = min(progressRevision, from - 1)
                work.append(.catchUp(CatchUp(
                    watchID: id, serial: watcher.serial, from: from, range: watcher.spec.range, shape: watcher.spec.shape)))
            }
        }
        work += Array(repeating: .progress(watchID: invalidWatchID, revision: progressRevision), count: state.progressRequests)
        state.progressRequests = 0
        if state.tickDue {
            state.tickDue = false
            work += state.progressNotifications(at: revision)
        }
        return work
    }

    /// Records a catch-up step that read history through `through`: the watcher joins the
    /// live feed once that reaches the hub's revision (later batches then arrive through
    /// `apply`, earlier ones were in the read), else it reads on from the next revision.
    /// Returns false when the watcher is gone, and the step's events must not be sent.
    mutating func finishCatchUp(_ step: CatchUp, through: Int64, sentEvents: Bool, on stream: UInt64) -> Bool {
        guard var watcher = streams[stream]?.watchers[step.watchID], watcher.serial == step.serial else { return false }
        watcher.feed = through >= revision ? .live(covered: through) : .catchingUp(from: through + 1)
        if sentEvents { watcher.quiet = false }
        streams[stream]?.watchers[step.watchID] = watcher
        return true
    }

    /// Removes a watcher whose history was compacted away; returns whether it was still there.
    mutating func dropCompacted(_ step: CatchUp, on stream: UInt64) -> Bool {
        guard let watcher = streams[stream]?.watchers[step.watchID], watcher.serial == step.serial else { return false }
        streams[stream]?.watchers[step.watchID] = nil
        return true
    }
}

extension WatchStreamState {
    /// etcd's progress notify: a header-only response to each live watcher that asked for
    /// them and sent nothing during the period that just ended.
    mutating func progressNotifications(at revision: Int64) -> [WatchWork] {
        var work: [WatchWork] = []
        for id in watchers.keys.sorted() {
            guard var watcher = watchers[id], watcher.spec.progressNotify else { continue }
            if watcher.quiet, case .live = watcher.feed { work.append(.progress(watchID: id, revision: revision)) }
            watcher.quiet = true
            watchers[id] = watcher
        }
        return work
    }
}
