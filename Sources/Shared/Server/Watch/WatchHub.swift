import MVCC
import Member
import Synchronization

/// Fans each applied batch out to every watcher of every watch stream, on the member's
/// executor and without waiting: events go into bounded per-watcher buffers and the stream's
/// sender is woken (see `Watcher` for what happens to a watcher that falls behind).
///
/// Wiring: create it before serving and register it with the member, so it hears every
/// batch after the revision it starts from:
/// `let hub = try WatchHub(store: member.store); await member.observe(hub)`.
public final class WatchHub: ApplyObserver {
    let store: MVCCStore
    let configuration: WatchConfiguration
    private let state: Mutex<Guarded>

    private struct Guarded {
        var registry: WatchRegistry
        var doorbells: [UInt64: AsyncStream<Void>.Continuation] = [:]
    }

    /// A stream's handle: its id in the hub, and the doorbell that rings when it has work.
    struct Stream: Sendable {
        let id: UInt64
        let doorbell: AsyncStream<Void>
    }

    public init(store: MVCCStore, configuration: WatchConfiguration = WatchConfiguration()) throws(MVCCError) {
        self.store = store
        self.configuration = configuration
        let registry = WatchRegistry(revision: try store.state().revision, bufferedEventsMax: configuration.bufferedEventsMax)
        state = Mutex(Guarded(registry: registry))
    }

    public func applied(_ results: [AppliedRequest], storeRevision: Int64) {
        ring { $0.apply(results, storeRevision: storeRevision) }
    }

    public func restored(storeRevision: Int64) {
        ring { $0.restored(storeRevision: storeRevision) }
    }

    func openStream() -> Stream {
        let (doorbell, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        let id = state.withLock { guarded in
            let id = guarded.registry.openStream()
            guarded.doorbells[id] = continuation
            return id
        }
        return Stream(id: id, doorbell: doorbell)
    }

    func closeStream(_ stream: UInt64) {
        let doorbell = state.withLock { guarded in
            guarded.registry.closeStream(stream)
            return guarded.doorbells.removeValue(forKey: stream)
        }
        doorbell?.finish()
    }

    func create(_ spec: WatchSpec, on stream: UInt64) {
        ring(stream) { $0.create(spec, on: stream) }
    }

    func refuse(reason: String, on stream: UInt64) {
        ring(stream) { $0.refuse(reason: reason, on: stream) }
    }

    func cancel(_ id: Int64, on stream: UInt64) {
        ring(stream) { $0.cancel(id, on: stream) }
    }

    func requestProgress(on stream: UInt64) {
        ring(stream) { $0.requestProgress(on: stream) }
    }

    func tick(_ stream: UInt64) {
        ring(stream) { $0.tick(stream) }
    }

    func take(_ stream: UInt64) -> [WatchWork] {
        state.withLock { $0.registry.take(stream) }
    }

    func finishCatchUp(_ step: CatchUp, through: Int64, sentEvents: Bool, on stream: UInt64) -> Bool {
        state.withLock { $0.registry.finishCatchUp(step, through: through, sentEvents: sentEvents, on: stream) }
    }

    func dropCompacted(_ step: CatchUp, on stream: UInt64) -> Bool {
        state.withLock { $0.registry.dropCompacted(step, on: stream) }
    }

    private func ring(_ stream: UInt64, _ change: (inout WatchRegistry) -> Void) {
        ring { registry in
            change(&registry)
            return [stream]
        }
    }

    /// Applies `change` and wakes the streams it names, outside the lock.
    private func ring(_ change: (inout WatchRegistry) -> [UInt64]) {
        let doorbells = state.withLock { guarded in
            change(&guarded.registry).compactMap { guarded.doorbells[$0] }
        }
        for doorbell in doorbells { doorbell.yield() }
    }
}
