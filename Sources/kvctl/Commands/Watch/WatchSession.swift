import API
import Synchronization

/// The watches one `kvctl watch` holds, kept across reconnections: each resumes on the next
/// stream just after the last revision it reported, and runs its own command.
final class WatchSession: Sendable {
    private struct Entry {
        var spec: WatchSpec
        /// Where the watch starts on a new stream: its own start revision until the server
        /// has confirmed it, then one past the last revision it reported.
        var resumeRevision: Int64
    }

    private struct State {
        var entries: [Entry] = []
        /// Entries already asked for on the current stream.
        var sent = 0
        /// Creates sent on the current stream and not yet confirmed, oldest first: the
        /// server confirms them in order, each with its watch id.
        var unconfirmed: [Int] = []
        var entryByWatchID: [Int64: Int] = [:]
        /// Wakes the current stream's writer when an interactive watch is added.
        var wake: AsyncStream<Void>.Continuation?
    }

    private let state = Mutex(State())

    func add(_ spec: WatchSpec) {
        let wake = state.withLock { state in
            state.entries.append(Entry(spec: spec, resumeRevision: spec.request.startRevision))
            return state.wake
        }
        wake?.yield()
    }

    /// A new stream starts: forget the old one's watch ids; `wake` signals added watches.
    func beginStream(wake: AsyncStream<Void>.Continuation) {
        state.withLock { state in
            state.sent = 0
            state.unconfirmed = []
            state.entryByWatchID = [:]
            state.wake = wake
        }
    }

    /// The create requests not yet sent on the current stream, each resuming where it left off.
    func unsentRequests() -> [Etcdserverpb_WatchRequest] {
        state.withLock { state in
            let indices = state.sent..<state.entries.count
            state.sent = state.entries.count
            state.unconfirmed += indices
            return indices.map { index in
                var create = state.entries[index].spec.request
                create.startRevision = state.entries[index].resumeRevision
                var request = Etcdserverpb_WatchRequest()
                request.createRequest = create
                return request
            }
        }
    }

    /// Takes in one response; returns the command of the watch it belongs to.
    func received(_ response: Etcdserverpb_WatchResponse) -> [String] {
        state.withLock { state in
            if response.created, !state.unconfirmed.isEmpty {
                let index = state.unconfirmed.removeFirst()
                state.entryByWatchID[response.watchID] = index
                // A watch from "now" resumes after the revision it was created at.
                if state.entries[index].resumeRevision == 0 { state.entries[index].resumeRevision = response.header.revision + 1 }
            }
            guard let index = state.entryByWatchID[response.watchID] else { return [] }
            if let last = response.events.last { state.entries[index].resumeRevision = last.kv.modRevision + 1 }
            return state.entries[index].spec.command
        }
    }
}
