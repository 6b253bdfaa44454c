import API
import GRPCCore
import MVCC

/// Sends one watch stream's responses, in the order the hub hands out its work, and reads
/// history for its catching-up watchers. The only writer of the stream, so a client that
/// reads slowly holds up only itself.
struct WatchSender {
    let hub: WatchHub
    let stream: WatchHub.Stream
    let context: ServiceContext
    let writer: RPCWriter<Etcdserverpb_WatchResponse>

    /// Runs until the task is cancelled (the client went away) or a write fails.
    func run() async throws {
        var doorbell = stream.doorbell.makeAsyncIterator()
        while !Task.isCancelled {
            let work = hub.take(stream.id)
            guard !work.isEmpty else {
                guard await doorbell.next() != nil else { return }
                continue
            }
            // One term for the round: the member's actor is asked once, not per response.
            let header = context.header(revision: 0)
            for item in work {
                guard let response = try response(to: item, header: header) else { continue }
                try await writer.write(response)
            }
        }
    }

    private func response(to work: WatchWork, header: Etcdserverpb_ResponseHeader) throws -> Etcdserverpb_WatchResponse? {
        var response = Etcdserverpb_WatchResponse()
        response.header = header
        switch work {
        case .created(let id, let revision):
            response.header.revision = revision
            response.watchID = id
            response.created = true
        case .refused(let reason, let revision):
            response.header.revision = revision
            response.watchID = invalidWatchID
            response.created = true
            response.canceled = true
            response.cancelReason = reason
        case .canceled(let id, let revision):
            response.header.revision = revision
            response.watchID = id
            response.canceled = true
        case .events(let id, let batch):
            response.header.revision = batch.revision
            response.watchID = id
            response.events = batch.events.map(Mvccpb_Event.init)
        case .catchUp(let step):
            return try catchUp(step, response)
        case .progress(let id, let revision):
            response.header.revision = revision
            response.watchID = id
        }
        return response
    }

    /// One step of history; a start revision lost to compaction cancels the watcher with the
    /// compacted revision, as etcd does.
    private func catchUp(_ step: CatchUp, _ template: Etcdserverpb_WatchResponse) throws -> Etcdserverpb_WatchResponse? {
        var response = template
        response.watchID = step.watchID
        do {
            let history = try hub.store.events(
                fromRevision: step.from, key: step.range.key, rangeEnd: step.range.rangeEnd,
                prevKV: step.shape.prevKV, limit: hub.configuration.catchUpEventsMax)
            let events = step.shape.apply(to: history.events)
            guard hub.finishCatchUp(step, through: history.revision, sentEvents: !events.isEmpty, on: stream.id),
                  !events.isEmpty else { return nil }
            response.header.revision = history.revision
            response.events = events.map(Mvccpb_Event.init)
            return response
        } catch .compacted {
            guard hub.dropCompacted(step, on: stream.id) else { return nil }
            let state = try hub.store.state()
            response.header.revision = state.revision
            response.canceled = true
            response.compactRevision = state.compactRevision
            return response
        } catch {
            throw EtcdError.from(error)
        }
    }
}
