import MVCC
import Testing
@testable import Server

/// The hub's state machine alone: the joins and hand-offs that timing rarely exposes.
@Suite struct WatchRegistryTests {
    static func put(_ key: String, at revision: Int64) -> AppliedRequest {
        let kv = KeyValue(key: Array(key.utf8), createRevision: revision, modRevision: revision, version: 1, value: [])
        return AppliedRequest(index: UInt64(revision), result: .success(.put(PutResponse(revision: revision))),
                              events: [Event(type: .put, kv: kv)])
    }

    static func spec(_ key: String, start: Int64 = 0, id: Int64 = 0) -> WatchSpec {
        WatchSpec(range: WatchRange(key: Array(key.utf8), rangeEnd: [])!, startRevision: start, requestedID: id,
                  shape: EventShape(), progressNotify: false)
    }

    static func revisions(_ work: [WatchWork]) -> [Int64] {
        work.compactMap { if case .events(_, let batch) = $0 { batch.revision } else { nil } }
    }

    static func catchUp(_ work: [WatchWork]) -> CatchUp? {
        work.lazy.compactMap { if case .catchUp(let step) = $0 { step } else { nil } }.first
    }

    @Test func aCatchUpThatFallsShortReadsOnAndOneThatArrivesJoinsWithoutDuplicates() {
        var registry = WatchRegistry(revision: 10, bufferedEventsMax: 100)
        let stream = registry.openStream()
        registry.create(Self.spec("k", start: 5), on: stream)
        let first = Self.catchUp(registry.take(stream))
        #expect(first?.from == 5)
        // History read through 8 while the hub already heard of 10: read on from 9.
        let readOn = registry.finishCatchUp(first!, through: 8, sentEvents: true, on: stream)
        #expect(readOn)
        _ = registry.apply([Self.put("k", at: 11)], storeRevision: 11)
        let second = Self.catchUp(registry.take(stream))
        #expect(second?.from == 9)
        // The store was already at 12 when read, before the hub heard of it: join at 12.
        let joined = registry.finishCatchUp(second!, through: 12, sentEvents: true, on: stream)
        #expect(joined)
        _ = registry.apply([Self.put("k", at: 12)], storeRevision: 12)
        _ = registry.apply([Self.put("k", at: 13)], storeRevision: 13)
        let live = registry.take(stream)
        #expect(Self.catchUp(live) == nil)
        #expect(Self.revisions(live) == [13])
    }

    @Test func anOverflowingWatcherFallsBackToHistoryFromItsFirstUnsentRevision() {
        var registry = WatchRegistry(revision: 1, bufferedEventsMax: 2)
        let stream = registry.openStream()
        registry.create(Self.spec("k"), on: stream)
        let created = registry.take(stream)
        #expect(created == [.created(watchID: 0, revision: 1)])
        _ = registry.apply([Self.put("k", at: 2)], storeRevision: 2)
        let live = registry.take(stream)
        #expect(Self.revisions(live) == [2])
        _ = registry.apply([Self.put("k", at: 3), Self.put("other", at: 4), Self.put("k", at: 5)], storeRevision: 5)
        _ = registry.apply([Self.put("k", at: 6)], storeRevision: 6)
        let work = registry.take(stream)
        #expect(Self.revisions(work).isEmpty)
        #expect(Self.catchUp(work)?.from == 3)
    }

    /// A follower's store jumps from 3 to 9 with a snapshot: the live watcher reads 4…9 from
    /// history (its unsent batch at 3 too), and one that already covered 9 stays live.
    @Test func aSnapshotRestoreSendsLiveWatchersBackToHistory() {
        var registry = WatchRegistry(revision: 2, bufferedEventsMax: 100)
        let behind = registry.openStream()
        let ahead = registry.openStream()
        registry.create(Self.spec("k"), on: behind)
        registry.create(Self.spec("k", start: 10), on: ahead)
        _ = registry.take(behind)
        _ = registry.take(ahead)
        _ = registry.apply([Self.put("k", at: 3)], storeRevision: 3)
        let woken = registry.restored(storeRevision: 9)
        #expect(woken == [behind])
        let work = registry.take(behind)
        #expect(Self.revisions(work).isEmpty)
        #expect(Self.catchUp(work)?.from == 3)
        #expect(registry.take(ahead).isEmpty)
        _ = registry.apply([Self.put("k", at: 10)], storeRevision: 10)
        #expect(Self.revisions(registry.take(ahead)) == [10])
    }

    @Test func aStepForACancelledWatcherIsDroppedEvenWhenItsIDIsReused() {
        var registry = WatchRegistry(revision: 10, bufferedEventsMax: 100)
        let stream = registry.openStream()
        registry.create(Self.spec("k", start: 2, id: 7), on: stream)
        let step = Self.catchUp(registry.take(stream))!
        registry.cancel(7, on: stream)
        registry.create(Self.spec("k", start: 3, id: 7), on: stream)
        let finished = registry.finishCatchUp(step, through: 10, sentEvents: true, on: stream)
        let dropped = registry.dropCompacted(step, on: stream)
        #expect(!finished && !dropped)
        let work = registry.take(stream)
        #expect(work.prefix(2) == [.canceled(watchID: 7, revision: 10), .created(watchID: 7, revision: 10)])
        #expect(Self.catchUp(work)?.from == 3)
    }

    @Test func progressNeverClaimsMoreThanACatchingUpWatcherHasSeen() {
        var registry = WatchRegistry(revision: 10, bufferedEventsMax: 100)
        let stream = registry.openStream()
        registry.create(Self.spec("k", start: 4), on: stream)
        registry.requestProgress(on: stream)
        let work = registry.take(stream)
        #expect(work.last == .progress(watchID: -1, revision: 3))
    }
}
