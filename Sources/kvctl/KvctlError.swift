import Client
import GRPCCore

/// etcdctl's exit statuses, which scripts test.
enum ExitStatus: Int32 {
    case success = 0
    case error = 1
    case badConnection = 2
    case invalidInput = 3
    case unsupported = 4
    case interrupted = 5
    case io = 6
    case badArguments = 128
}

/// A failure with the status kvctl exits with and the one line it prints.
struct KvctlError: Error, Equatable {
    var status: ExitStatus
    var message: String

    init(status: ExitStatus, message: String) {
        self.status = status
        self.message = message
    }

    static func badArguments(_ message: String) -> Self { Self(status: .badArguments, message: message) }
    static func invalidInput(_ message: String) -> Self { Self(status: .invalidInput, message: message) }
    static func unsupported(_ message: String) -> Self { Self(status: .unsupported, message: message) }
    static func failed(_ message: String) -> Self { Self(status: .error, message: message) }

    /// Any error as the status and line kvctl reports: a server's answer in etcd's words
    /// (exit 1), an unreachable cluster (exit 2).
    init(_ error: any Error) {
        switch error {
        case let error as KvctlError: self = error
        case let error as ClientError:
            switch error {
            case .unreachable, .authentication: self.init(status: .badConnection, message: error.description)
            case .invalidEndpoint, .invalidTLS: self.init(status: .badArguments, message: error.description)
            }
        case let error as EndpointUnreachable:
            self.init(status: .badConnection, message: error.description)
        case let error as RPCError where error.isUnreachable:
            self.init(status: .badConnection, message: error.etcdMessage)
        case let error as RPCError:
            self.init(status: .error, message: error.etcdMessage)
        default:
            self.init(status: .error, message: String(describing: error))
        }
    }
}
