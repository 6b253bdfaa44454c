import API
import Client
import Foundation
import GRPCCore
import Synchronization

/// A watch on the campaign's key prefix from a chosen revision, with prev_kv, that resumes on
/// the next member (after the last revision it received) whenever its stream breaks, as
/// etcd's clients do. It keeps every event it received, in order, duplicates and all.
final class Watcher: Sendable {
    let startRevision: Int64
    private let endpoints: [Endpoint]
    private let prefix: String
    private let received = Mutex<[WatchedEvent]>([])
    /// Why streams broke and what the server said, for the report.
    private let notes = Mutex<[String]>([])

    init(endpoints: [Endpoint], prefix: String, startRevision: Int64) {
        precondition(startRevision >= 1, "etcd revisions start at 1")
        self.endpoints = endpoints
        self.prefix = prefix
        self.startRevision = startRevision
    }

    var events: [WatchedEvent] { received.withLock { $0 } }
    var problems: [String] { notes.withLock { $0 } }

    /// The revision the watch has reached: the last event's, or one before the start.
    var reached: Int64 { events.last?.revision ?? (startRevision - 1) }

    /// Watches until cancelled, moving on to the next member after each broken stream.
    func run() async {
        for round in 0..<1_000_000 {
            guard !Task.isCancelled else { return }
            let endpoint = endpoints[round % endpoints.count]
            let client = EtcdClient(ClientConfiguration(endpoints: [endpoint], dialTimeout: .seconds(1)))
            do {
                try await client.withConnection(to: endpoint) { connection in
                    try await stream(on: connection)
                }
            } catch {
                if Task.isCancelled { return }
            }
            // A dead member, or a cancelled watch: the next member after a pause, not a spin.
            try? await Task.sleep(for: .milliseconds(100))
        }
    }

    private func stream(on connection: EtcdConnection) async throws {
        var create = Etcdserverpb_WatchRequest()
        create.createRequest.key = EtcdRequests.bytes(prefix)
        create.createRequest.rangeEnd = EtcdRequests.bytes(Self.prefixEnd(prefix))
        create.createRequest.startRevision = reached + 1
        create.createRequest.prevKv = true
        let request = create
        try await connection.watch.watch(metadata: connection.metadata, options: connection.streamOptions) { writer in
            try await writer.write(request)
            try await Task.sleep(for: .seconds(366 * 24 * 3600))
        } onResponse: { response in
            for try await message in response.messages {
                if message.canceled {
                    self.notes.withLock { $0.append("watch from \(self.startRevision) canceled: compact \(message.compactRevision) \(message.cancelReason)") }
                    return
                }
                let events = message.events.map(Self.event)
                self.received.withLock { $0.append(contentsOf: events) }
            }
        }
    }

    static func event(_ event: Mvccpb_Event) -> WatchedEvent {
        let isDelete = event.type == .delete
        return WatchedEvent(
            revision: event.kv.modRevision, isDelete: isDelete, key: EtcdRequests.text(event.kv.key),
            value: isDelete ? nil : EtcdRequests.text(event.kv.value),
            previousValue: event.hasPrevKv ? EtcdRequests.text(event.prevKv.value) : nil)
    }

    /// etcd's range end for "every key with this prefix".
    static func prefixEnd(_ prefix: String) -> String {
        var bytes = Array(prefix.utf8)
        precondition(!bytes.isEmpty && bytes.last! < 0x7f, "a printable prefix")
        bytes[bytes.count - 1] += 1
        return String(decoding: bytes, as: UTF8.self)
    }
}
