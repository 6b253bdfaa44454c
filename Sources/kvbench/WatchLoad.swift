import API
import Client
import Foundation
import Synchronization

/// Watch fan-out: `watchers` streams, spread over `clients` connections, watch one key while
/// one more client puts it `total` times, one put at a time. Each event's latency runs from
/// the put being sent to the event reaching a watcher, so it covers the commit, the apply and
/// the delivery to every watcher.
struct WatchLoad: Sendable {
    var settings: LoadSettings
    var watchers: Int
    var name: String

    static let watchersMax = 10_000
    /// After the last put, how long events still in flight have to arrive before they count as lost.
    static let deliveryGrace = Duration.seconds(5)

    init(settings: LoadSettings, watchers: Int) {
        precondition((1...Self.watchersMax).contains(watchers), "watchers are bounded")
        precondition(settings.valueBytes >= WatchStamp.bytes, "values carry the send time")
        self.settings = settings
        self.watchers = watchers
        name = "watch: \(watchers) watchers on \(min(settings.clients, watchers)) clients, "
            + "\(settings.keyBytes)-byte key, \(settings.valueBytes)-byte values"
    }

    func run() async throws -> Report {
        let settings = self.settings
        let watchers = self.watchers
        let client = EtcdClient(settings.clientConfiguration)
        let line = StartLine(runners: watchers + 1)
        let events = EventLog(origin: ContinuousClock.now)
        let connections = min(settings.clients, watchers)
        let (puts, putErrors) = try await withThrowingTaskGroup(of: Void.self) { group in
            for runner in 0..<connections {
                group.addTask {
                    do {
                        try await client.withConnection(to: settings.endpoint(forRunner: runner)) { connection in
                            try await withThrowingTaskGroup(of: Void.self) { streams in
                                for _ in stride(from: runner, to: watchers, by: connections) {
                                    streams.addTask { try await watch(on: connection, line: line, events: events) }
                                }
                                try await streams.waitForAll()
                            }
                        }
                    } catch where Task.isCancelled {
                        // The run is over: the watch was ended on purpose.
                    } catch {
                        line.giveUp()
                        throw error
                    }
                }
            }
            let outcome: (puts: Int, errors: Int)
            do {
                outcome = try await client.withConnection(to: settings.endpoint(forRunner: connections)) { connection in
                    try await put(on: connection, line: line, events: events)
                }
            } catch {
                line.giveUp()
                group.cancelAll()
                throw error
            }
            await events.waitFor(count: watchers * outcome.puts, until: .now + Self.deliveryGrace)
            group.cancelAll()
            try await group.waitForAll()
            return outcome
        }
        let end = ContinuousClock.now
        guard let start = line.start else { preconditionFailure("the put loop ran, so every watcher was ready") }
        var recorder = events.recorder
        let missing = watchers * puts - recorder.requestCount
        if missing > 0 { recorder.recordError("events not delivered within \(Self.deliveryGrace) of the last put", count: missing) }
        return Report(workload: name, clients: settings.clients, expected: watchers * settings.total,
                      timeLimitReached: puts + putErrors < settings.total, recorder: recorder, elapsed: end - start)
    }

    /// One watcher: a stream with one watch on the key; ready once the server confirms it.
    private func watch(on connection: EtcdConnection, line: StartLine, events: EventLog) async throws {
        var create = Etcdserverpb_WatchRequest()
        create.createRequest.key = key
        let request = create
        try await connection.watch.watch(metadata: connection.metadata, options: connection.streamOptions) { writer in
            try await writer.write(request)
            // The request side stays open while the watch runs; the end of the call cancels this.
            try await Task.sleep(for: .seconds(366 * 24 * 3600))
        } onResponse: { response in
            for try await message in response.messages {
                if message.canceled { throw WatchCanceled(reason: message.cancelReason) }
                if message.created, await line.ready() == nil { return }
                for event in message.events { events.received(event.kv.value) }
            }
        }
    }

    /// The putter: one put at a time, each value carrying its send time. Returns the puts
    /// that succeeded and those that failed (recorded in `events`).
    private func put(on connection: EtcdConnection, line: StartLine, events: EventLog) async throws -> (puts: Int, errors: Int) {
        var probe = Etcdserverpb_RangeRequest()
        probe.key = key
        _ = try await connection.kv.range(probe, metadata: connection.metadata, options: connection.options)
        guard let start = await line.ready() else { return (0, 0) }
        var puts = 0
        var errors = 0
        var request = Etcdserverpb_PutRequest()
        request.key = key
        while budgetLeft(puts + errors, start: start) {
            request.value = WatchStamp.value(nanoseconds: events.now(), bytes: settings.valueBytes)
            do {
                _ = try await connection.kv.put(request, metadata: connection.metadata, options: connection.options)
                puts += 1
            } catch {
                events.failed(error)
                errors += 1
            }
        }
        return (puts, errors)
    }

    private func budgetLeft(_ sent: Int, start: ContinuousClock.Instant) -> Bool {
        sent < settings.total && ContinuousClock.now < start + settings.timeLimit && !Task.isCancelled
    }

    private var key: Data { Keys.key(0, bytes: settings.keyBytes) }
}

/// The server ended a watch; etcd says why.
struct WatchCanceled: Error, CustomStringConvertible {
    var reason: String
    var description: String { "watch canceled by the server" + (reason.isEmpty ? "" : ": \(reason)") }
}

/// What every watcher saw, measured against one clock origin.
final class EventLog: Sendable {
    private let origin: ContinuousClock.Instant
    private let state = Mutex(Recorder())

    init(origin: ContinuousClock.Instant) {
        self.origin = origin
    }

    /// Nanoseconds since the origin: what a put's value carries.
    func now() -> UInt64 { WatchStamp.nanoseconds(origin.duration(to: .now)) }

    func received(_ value: Data) {
        let arrived = now()
        state.withLock { recorder in
            guard let sent = WatchStamp.nanoseconds(in: value), sent <= arrived else {
                recorder.recordError("an event without a kvbench send time")
                return
            }
            recorder.record(.watch, microseconds: (arrived - sent + 999) / 1000)
        }
    }

    func failed(_ error: any Error) {
        state.withLock { $0.recordError(error) }
    }

    var recorder: Recorder { state.withLock { $0 } }

    /// Waits (polling, bounded by `deadline`) until `count` events have arrived.
    func waitFor(count: Int, until deadline: ContinuousClock.Instant) async {
        while state.withLock({ $0.requestCount }) < count, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
    }
}
