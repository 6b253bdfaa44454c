import Synchronization

/// One client operation as the campaign saw it: what was asked, when, and how it ended.
public struct ClientOperation: Sendable, Equatable {
    public enum Request: Sendable, Equatable {
        case read(key: String, serializable: Bool)
        case put(key: String, value: String)
        case delete(key: String)
        /// etcd's compare-and-set: a Txn comparing the key's value (`nil`: absent) that puts
        /// `new` when it matches.
        case compareAndSet(key: String, expected: String?, new: String)
    }

    public enum Result: Sendable, Equatable {
        /// The value read (nil: absent), with the key's mod revision (0 when absent).
        case read(value: String?, modRevision: Int64)
        case written(revision: Int64)
        case compareAndSet(succeeded: Bool, revision: Int64)
    }

    public enum Outcome: Sendable, Equatable {
        case ok(Result, returned: UInt64)
        /// Certainly did not happen: refused before it could take effect, or a read.
        case failed(String)
        /// May have happened at any time after its call, or never (a timeout, a lost connection).
        case unknown(String)
    }

    public var client: Int
    public var request: Request
    public var call: UInt64
    public var outcome: Outcome

    public init(client: Int, request: Request, call: UInt64, outcome: Outcome) {
        if case .ok(_, let returned) = outcome { precondition(returned >= call, "an operation returned before its call") }
        self.client = client
        self.request = request
        self.call = call
        self.outcome = outcome
    }

    public var key: String {
        switch request {
        case .read(let key, _), .put(let key, _), .delete(let key), .compareAndSet(let key, _, _): key
        }
    }
}

extension ClientOperation: CustomStringConvertible {
    public var description: String {
        let outcome = switch self.outcome {
        case .ok(let result, let returned): "ok \(result) returned \(returned)"
        case .failed(let reason): "failed \(reason)"
        case .unknown(let reason): "unknown \(reason)"
        }
        return "client \(client) call \(call) \(request): \(outcome)"
    }
}

/// Every client's operations, in the order they completed.
public final class History: Sendable {
    private let operations = Mutex<[ClientOperation]>([])

    public init() {}

    public func record(_ operation: ClientOperation) {
        operations.withLock { $0.append(operation) }
    }

    public var all: [ClientOperation] { operations.withLock { $0 } }
}
