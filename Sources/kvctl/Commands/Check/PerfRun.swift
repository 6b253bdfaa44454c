import API
import Client
import Foundation
import Synchronization

/// One `check perf` load: `limit` puts a second, released on a fixed schedule, spread over
/// `clients` concurrent writers, for `duration`.
struct PerfRun: Sendable {
    var load: PerfLoad
    var prefix: String
    var duration: Duration
    var client: EtcdClient

    /// Requests a second one connection may carry. etcd's (Go) server answers every request
    /// with an HTTP/2 PING (its bandwidth probe), and swift-nio-http2 closes a connection that
    /// receives more than 200 PINGs in 30 seconds as a flood: below this rate a connection
    /// stays under that bound. (etcdctl opens one connection per writer, for the same effect.)
    static let requestsPerConnectionPerSecondMax = 5

    /// One connection per writer, as etcdctl, or more when the rate needs them.
    static func connectionCount(for load: PerfLoad) -> Int {
        max(load.clients, (load.limit + requestsPerConnectionPerSecondMax - 1) / requestsPerConnectionPerSecondMax)
    }

    /// Runs the load; `progress` hears the whole seconds elapsed, about once a second.
    func run(progress: @escaping @Sendable (Int) -> Void) async throws -> PerfResults {
        let seconds = Self.seconds(duration)
        let total = Int((Double(load.limit) * seconds).rounded())
        precondition(total > 0, "a load test makes at least one request")
        let connections = Self.connectionCount(for: load)
        let state = PerfState()
        let start = ContinuousClock.now
        let load = self.load
        let prefix = self.prefix
        let duration = self.duration
        let schedule = Schedule(start: start, end: start + duration, limit: load.limit, total: total)
        try await client.withConnections(connections) { connections in
            await withTaskGroup(of: Void.self) { group in
                group.addTask {
                    for second in 1...Int(seconds.rounded(.up)) {
                        guard (try? await Task.sleep(until: start + .seconds(second), clock: .continuous)) != nil else { return }
                        progress(second)
                    }
                }
                await withTaskGroup(of: Void.self) { writers in
                    for writer in 0..<load.clients {
                        // Writer w takes connections w, w + clients, w + 2·clients, … in turn.
                        let own = Array(stride(from: writer, to: connections.count, by: load.clients).map { connections[$0] })
                        writers.addTask { await Self.write(on: own, schedule: schedule, state: state, prefix: prefix) }
                    }
                }
                group.cancelAll()
            }
        }
        return state.finish(elapsedSeconds: Self.seconds(ContinuousClock.now - start))
    }

    /// When request `index` may go: `limit` a second from `start`, none after `end`.
    struct Schedule: Sendable {
        var start: ContinuousClock.Instant
        var end: ContinuousClock.Instant
        var limit: Int
        var total: Int

        func release(_ index: Int) -> ContinuousClock.Instant { start + .seconds(Double(index) / Double(limit)) }
    }

    /// One writer: takes the next request, waits for its time, sends it on its connections in
    /// turn. Bounded: each pass takes one of the `total` requests, and none once time is up
    /// (as etcdctl: a slow cluster gets fewer).
    private static func write(on connections: [EtcdConnection], schedule: Schedule, state: PerfState, prefix: String) async {
        var turn = 0
        while true {
            let index = state.take()
            guard index < schedule.total, ContinuousClock.now < schedule.end else { return }
            try? await Task.sleep(until: schedule.release(index), clock: .continuous)
            state.record(await put(on: connections[turn % connections.count], prefix: prefix))
            turn += 1
        }
    }

    /// One put of a random key: its latency in seconds, or why it failed.
    private static func put(on connection: EtcdConnection, prefix: String) async -> Result<Double, KvctlError> {
        var request = Etcdserverpb_PutRequest()
        request.key = Data(PerfLoad.key(prefix: prefix, random: Int64.random(in: 0...Int64.max)))
        request.value = Data(count: PerfLoad.valueBytes)
        let start = ContinuousClock.now
        do {
            _ = try await connection.kv.put(request, metadata: connection.metadata, options: connection.options)
            return .success(seconds(ContinuousClock.now - start))
        } catch {
            return .failure(KvctlError(error))
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// The writers' shared state: the next request to send, and what the sent ones measured.
private final class PerfState: Sendable {
    private let next = Mutex(0)
    private let results = Mutex(PerfResults())

    func take() -> Int {
        next.withLock { index in
            defer { index += 1 }
            return index
        }
    }

    func record(_ outcome: Result<Double, KvctlError>) {
        results.withLock { results in
            switch outcome {
            case let .success(latency): results.latenciesSeconds.append(latency)
            case let .failure(error): results.errors[error.message, default: 0] += 1
            }
        }
    }

    func finish(elapsedSeconds: Double) -> PerfResults {
        results.withLock { results in
            results.elapsedSeconds = elapsedSeconds
            return results
        }
    }
}
