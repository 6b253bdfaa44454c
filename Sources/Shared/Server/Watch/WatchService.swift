import API
import Foundation
import GRPCCore
import Member

/// etcd's Watch service: one bidirectional stream carries many watchers. Requests create,
/// cancel and ask for progress; the `WatchHub` feeds the watchers and a `WatchSender`
/// writes their responses.
///
/// Wiring: `WatchService(context: serviceContext, hub: hub)` with the hub the member observes.
public struct WatchService: Etcdserverpb_Watch.SimpleServiceProtocol {
    let context: ServiceContext
    let hub: WatchHub

    public init(context: ServiceContext, hub: WatchHub) {
        self.context = context
        self.hub = hub
    }

    public func watch(
        request: RPCAsyncSequence<Etcdserverpb_WatchRequest, any Error>,
        response: RPCWriter<Etcdserverpb_WatchResponse>,
        context rpc: ServerContext
    ) async throws {
        let stream = hub.openStream()
        defer { hub.closeStream(stream.id) }
        try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask { [hub, context] in
                try await WatchSender(hub: hub, stream: stream, context: context, writer: response).run()
                return true
            }
            group.addTask { [hub, interval = hub.configuration.progressNotifyInterval] in
                while true {
                    try await Task.sleep(for: interval)
                    hub.tick(stream.id)
                }
            }
            group.addTask {
                for try await message in request { handle(message, on: stream.id) }
                return false
            }
            // gRPC reports a cancelled RPC through its handle, not by cancelling this task.
            group.addTask {
                try await rpc.cancellation.cancelled
                return true
            }
            // Like etcd, keep sending after the client stops asking (the reader returns false),
            // until it goes away or sending fails.
            while let ends = try await group.next(), !ends {}
            group.cancelAll()
        }
    }

    private func handle(_ message: Etcdserverpb_WatchRequest, on stream: UInt64) {
        switch message.requestUnion {
        case .createRequest(let create):
            guard let spec = WatchSpec(create) else {
                hub.refuse(reason: "mvcc: watcher range is empty", on: stream)
                return
            }
            hub.create(spec, on: stream)
        case .cancelRequest(let cancel):
            hub.cancel(cancel.watchID, on: stream)
        case .progressRequest:
            hub.requestProgress(on: stream)
        case nil:
            // etcd ignores a request it does not understand rather than end the stream.
            break
        }
    }
}

extension WatchSpec {
    /// nil when the key range is empty. Unknown filter values are ignored, as etcd does.
    init?(_ request: Etcdserverpb_WatchCreateRequest) {
        guard let range = WatchRange(key: Array(request.key), rangeEnd: Array(request.rangeEnd)) else { return nil }
        var shape = EventShape(prevKV: request.prevKv)
        for filter in request.filters {
            switch filter {
            case .noput: shape.skipPuts = true
            case .nodelete: shape.skipDeletes = true
            case .UNRECOGNIZED: break
            }
        }
        self.init(
            range: range, startRevision: request.startRevision, requestedID: request.watchID, shape: shape,
            progressNotify: request.progressNotify)
    }
}
