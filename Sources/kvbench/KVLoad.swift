import API
import Client
import Foundation

/// Puts and gets on `clients` connections: `readRatio` of the requests are ranges of one key
/// (linearizable, or serializable), the rest puts of one key. Loads with reads write the key
/// space first, unmeasured, so that every read finds a key.
struct KVLoad: Sendable {
    var settings: LoadSettings
    var readRatio: Double
    var serializable: Bool
    var name: String
    /// Every put's value: made once, not per request.
    private let value: Data

    init(settings: LoadSettings, readRatio: Double, serializable: Bool) {
        precondition((0...1).contains(readRatio), "a ratio is between 0 and 1")
        self.settings = settings
        self.readRatio = readRatio
        self.serializable = serializable
        name = Self.name(settings: settings, readRatio: readRatio, serializable: serializable)
        value = Keys.value(bytes: settings.valueBytes)
    }

    /// The workload in words, the same for every server so that reports can be compared.
    static func name(settings: LoadSettings, readRatio: Double, serializable: Bool) -> String {
        let kind = switch readRatio {
        case 0: "put"
        case 1: "get"
        default: "mixed \(Int((readRatio * 100).rounded()))% reads"
        }
        let reads = readRatio > 0 ? (serializable ? ", serializable" : ", linearizable") : ""
        return "\(kind): \(settings.clients) clients, \(settings.keyBytes)-byte keys, \(settings.valueBytes)-byte values, "
            + "\(settings.keySpace) keys\(reads)"
    }

    func run() async throws -> Report {
        let settings = self.settings
        let client = EtcdClient(settings.clientConfiguration)
        let line = StartLine(runners: settings.clients)
        let budget = RequestBudget(total: settings.total, timeLimit: settings.timeLimit)
        let recorder = try await withThrowingTaskGroup(of: Recorder.self) { group in
            for runner in 0..<settings.clients {
                group.addTask {
                    do {
                        return try await client.withConnection(to: settings.endpoint(forRunner: runner)) { connection in
                            try await prepare(connection, runner: runner)
                            guard let start = await line.ready() else { return Recorder() }
                            var recorder = Recorder()
                            while let index = budget.claim(startedAt: start) {
                                await request(index, on: connection, into: &recorder)
                            }
                            return recorder
                        }
                    } catch {
                        line.giveUp()
                        throw error
                    }
                }
            }
            var all = Recorder()
            for try await recorder in group { all.merge(recorder) }
            return all
        }
        let end = ContinuousClock.now
        guard let start = line.start else { preconditionFailure("every client finished, so every client was ready") }
        let sent = recorder.requestCount + recorder.errorCount
        return Report(workload: name, clients: settings.clients, expected: settings.total,
                      timeLimitReached: sent < settings.total, recorder: recorder, elapsed: end - start)
    }

    /// Before the start: write this runner's share of the key space when there are reads, else
    /// one read to open the connection.
    private func prepare(_ connection: EtcdConnection, runner: Int) async throws {
        guard readRatio > 0 else {
            _ = try await connection.kv.range(rangeRequest(0), metadata: connection.metadata, options: connection.options)
            return
        }
        for number in stride(from: runner, to: settings.keySpace, by: settings.clients) {
            _ = try await connection.kv.put(putRequest(number), metadata: connection.metadata, options: connection.options)
        }
    }

    private func request(_ index: Int, on connection: EtcdConnection, into recorder: inout Recorder) async {
        let read = Mix.isRead(index, readRatio: readRatio)
        let started = ContinuousClock.now
        do {
            if read {
                _ = try await connection.kv.range(rangeRequest(index), metadata: connection.metadata, options: connection.options)
            } else {
                _ = try await connection.kv.put(putRequest(index), metadata: connection.metadata, options: connection.options)
            }
            recorder.record(read ? .get : .put, ContinuousClock.now - started)
        } catch {
            recorder.recordError(error)
        }
    }

    private func rangeRequest(_ index: Int) -> Etcdserverpb_RangeRequest {
        var request = Etcdserverpb_RangeRequest()
        request.key = Keys.key(forRequest: index, settings: settings)
        request.serializable = serializable
        return request
    }

    private func putRequest(_ index: Int) -> Etcdserverpb_PutRequest {
        var request = Etcdserverpb_PutRequest()
        request.key = Keys.key(forRequest: index, settings: settings)
        request.value = value
        return request
    }
}
