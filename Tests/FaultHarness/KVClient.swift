import API
import Client
import GRPCCore
import TestSupport

/// One client of the campaign: a connection to one member at a time, moving to the next
/// member after any error, issuing random reads, puts, deletes and compare-and-sets on a small
/// key space until the deadline, and recording each operation in the history.
struct KVClient: Sendable {
    var id: Int
    var endpoints: [Endpoint]
    var keys: [String]
    var history: History
    var clock: HarnessClock
    var deadlineNanoseconds: UInt64
    var operationTimeout: Duration
    var random: SeededRandom

    /// Every session ends with a pause of a tenth of a second.
    private var sessionsMax: Int { Int(Double(deadlineNanoseconds) / 1e8) + 2 }

    func run() async {
        var random = self.random
        var lastRead: [String: String?] = [:]
        var sequence = 0
        for session in 0..<sessionsMax {
            guard clock.nanoseconds < deadlineNanoseconds, !Task.isCancelled else { return }
            let endpoint = endpoints[(id + session) % endpoints.count]
            let client = EtcdClient(ClientConfiguration(endpoints: [endpoint], dialTimeout: .seconds(1),
                                                        commandTimeout: operationTimeout))
            do {
                try await client.withConnection(to: endpoint) { connection in
                    while clock.nanoseconds < deadlineNanoseconds {
                        sequence += 1
                        let request = nextRequest(&random, sequence: sequence, lastRead: lastRead)
                        let operation = await perform(request, on: connection)
                        history.record(operation)
                        if case .ok(.read(let value, _), _) = operation.outcome { lastRead[operation.key] = value }
                        guard case .ok = operation.outcome else { return }
                        try await Task.sleep(for: .milliseconds(Int.random(in: 0...8, using: &random)))
                    }
                }
            } catch {
                // Unreachable, or the session's last operation failed: the next member.
            }
            // A pause that keeps a dead cluster from being spun on.
            try? await Task.sleep(for: .milliseconds(100))
        }
        preconditionFailure("client \(id) ran out of sessions before its deadline")
    }

    private func nextRequest(_ random: inout SeededRandom, sequence: Int, lastRead: [String: String?]) -> ClientOperation.Request {
        let key = keys.randomElement(using: &random)!
        let value = "c\(id)-\(sequence)"
        switch Int.random(in: 0..<100, using: &random) {
        case 0..<35: return .read(key: key, serializable: false)
        case 35..<45: return .read(key: key, serializable: true)
        case 45..<78: return .put(key: key, value: value)
        case 78..<85: return .delete(key: key)
        default: return .compareAndSet(key: key, expected: lastRead[key] ?? nil, new: value)
        }
    }

    private func perform(_ request: ClientOperation.Request, on connection: EtcdConnection) async -> ClientOperation {
        let call = clock.nanoseconds
        let (metadata, options) = (connection.metadata, connection.options)
        do {
            let result: ClientOperation.Result
            switch request {
            case .read(let key, let serializable):
                let response = try await connection.kv.range(EtcdRequests.range(key, serializable: serializable),
                                                             metadata: metadata, options: options)
                result = EtcdRequests.readResult(response)
            case .put(let key, let value):
                let response = try await connection.kv.put(EtcdRequests.put(key, value), metadata: metadata, options: options)
                result = .written(revision: response.header.revision)
            case .delete(let key):
                let response = try await connection.kv.deleteRange(EtcdRequests.delete(key), metadata: metadata, options: options)
                result = .written(revision: response.header.revision)
            case .compareAndSet(let key, let expected, let new):
                let response = try await connection.kv.txn(EtcdRequests.compareAndSet(key, expected: expected, new: new),
                                                           metadata: metadata, options: options)
                result = .compareAndSet(succeeded: response.succeeded, revision: response.header.revision)
            }
            return ClientOperation(client: id, request: request, call: call, outcome: .ok(result, returned: clock.nanoseconds))
        } catch {
            return ClientOperation(client: id, request: request, call: call, outcome: Self.outcome(of: error, for: request))
        }
    }

    /// A read that failed changed nothing. A write that failed may still commit (a timeout,
    /// a lost connection, a leader that went away after replicating it), unless the server
    /// refused it outright.
    static func outcome(of error: any Error, for request: ClientOperation.Request) -> ClientOperation.Outcome {
        let reason = (error as? RPCError).map { "\($0.code): \($0.message)" } ?? "\(error)"
        if case .read = request { return .failed(reason) }
        if let rpc = error as? RPCError, Self.refusedOutright.contains(rpc.code) { return .failed(reason) }
        return .unknown(reason)
    }

    private static let refusedOutright: Set<RPCError.Code> = [
        .invalidArgument, .failedPrecondition, .outOfRange, .permissionDenied, .unauthenticated, .unimplemented,
    ]
}
