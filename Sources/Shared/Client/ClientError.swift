import GRPCCore

/// What can go wrong before or around a call; server answers arrive as `RPCError`.
public enum ClientError: Error, Equatable, CustomStringConvertible {
    case invalidEndpoint(String, String)
    /// Every endpoint was tried and none could be reached: each with why.
    case unreachable([String])
    case invalidTLS(String)

    public var description: String {
        switch self {
        case let .invalidEndpoint(text, reason): "invalid endpoint \"\(text)\": \(reason)"
        case let .unreachable(reasons): "no endpoint could be reached: " + reasons.joined(separator: "; ")
        case let .invalidTLS(reason): reason
        }
    }
}

extension RPCError {
    /// The text etcdctl prints for this error: the server's description (etcd's messages,
    /// which scripts match on), or the Go client's words for a deadline.
    public var etcdMessage: String {
        switch code {
        case .deadlineExceeded: "context deadline exceeded"
        case .cancelled where message.isEmpty: "context canceled"
        default: message
        }
    }
}
