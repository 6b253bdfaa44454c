import GRPCCore

/// What can go wrong before or around a call; server answers arrive as `RPCError`.
public enum ClientError: Error, Equatable, CustomStringConvertible {
    case invalidEndpoint(String, String)
    /// Every endpoint was tried and none could be reached: each with why.
    case unreachable([String])
    case invalidTLS(String)
    /// The cluster refused the user name and password.
    case authentication(String)

    public var description: String {
        switch self {
        case let .invalidEndpoint(text, reason): "invalid endpoint \"\(text)\": \(reason)"
        case let .unreachable(reasons): "no endpoint could be reached: " + reasons.joined(separator: "; ")
        case let .invalidTLS(reason): reason
        case let .authentication(reason): reason
        }
    }
}

extension RPCError {
    /// The text etcdctl prints for this error: etcd's own messages as they are (scripts match
    /// on them), the Go client's words for a deadline, and any other answer as Go's gRPC
    /// prints a status (`rpc error: code = Unimplemented desc = ...`).
    public var etcdMessage: String {
        switch code {
        case .deadlineExceeded: "context deadline exceeded"
        case .cancelled where message.isEmpty: "context canceled"
        default: message.hasPrefix("etcdserver: ") ? message : "rpc error: code = \(Self.goName(code)) desc = \(message)"
        }
    }

    /// Go's names of the gRPC codes (`codes.Code.String()`).
    static func goName(_ code: Code) -> String {
        switch code {
        case .cancelled: "Canceled"
        case .unknown: "Unknown"
        case .invalidArgument: "InvalidArgument"
        case .deadlineExceeded: "DeadlineExceeded"
        case .notFound: "NotFound"
        case .alreadyExists: "AlreadyExists"
        case .permissionDenied: "PermissionDenied"
        case .resourceExhausted: "ResourceExhausted"
        case .failedPrecondition: "FailedPrecondition"
        case .aborted: "Aborted"
        case .outOfRange: "OutOfRange"
        case .unimplemented: "Unimplemented"
        case .internalError: "Internal"
        case .unavailable: "Unavailable"
        case .dataLoss: "DataLoss"
        case .unauthenticated: "Unauthenticated"
        default: "Code(\(code.rawValue))"
        }
    }
}
