import API
import GRPCCore
import GRPCNIOTransportHTTP2

/// One open connection to one endpoint, with the call options every request shares: the
/// command timeout and, once authenticated, the token etcd expects in the `token` header.
public struct EtcdConnection: Sendable {
    public typealias Transport = HTTP2ClientTransport.Posix

    public let endpoint: Endpoint
    let client: GRPCClient<Transport>
    public private(set) var metadata: Metadata = [:]
    /// For unary calls: bounded by the dial plus the command timeout.
    public let options: CallOptions
    /// For streams (watch, keep-alive, snapshot), which last as long as the caller wants.
    public let streamOptions: CallOptions

    init(endpoint: Endpoint, client: GRPCClient<Transport>, timeout: Duration) {
        self.endpoint = endpoint
        self.client = client
        var options = CallOptions.defaults
        options.waitForReady = false
        options.maxResponseMessageBytes = Self.maxResponseBytes
        streamOptions = options
        options.timeout = timeout
        self.options = options
    }

    /// As large as etcd's own clients accept, so a big range or snapshot chunk is not refused.
    static let maxResponseBytes = Int(Int32.max)

    public var kv: Etcdserverpb_KV.Client<Transport> { .init(wrapping: client) }
    public var watch: Etcdserverpb_Watch.Client<Transport> { .init(wrapping: client) }
    public var lease: Etcdserverpb_Lease.Client<Transport> { .init(wrapping: client) }
    public var cluster: Etcdserverpb_Cluster.Client<Transport> { .init(wrapping: client) }
    public var maintenance: Etcdserverpb_Maintenance.Client<Transport> { .init(wrapping: client) }
    public var auth: Etcdserverpb_Auth.Client<Transport> { .init(wrapping: client) }

    /// Trades a user name and password for a token that later calls carry. A cluster without
    /// auth says so, and the calls go without a token, as etcd's client does; any other
    /// refusal is `ClientError.authentication`.
    mutating func authenticate(_ credentials: Credentials) async throws {
        var request = Etcdserverpb_AuthenticateRequest()
        request.name = credentials.user
        request.password = credentials.password
        let response: Etcdserverpb_AuthenticateResponse
        do {
            response = try await auth.authenticate(request, options: options)
        } catch let error as RPCError where error.code == .failedPrecondition && error.message == Self.authNotEnabled {
            return
        } catch let error as RPCError where !error.isUnreachable {
            throw ClientError.authentication(error.etcdMessage)
        }
        var metadata = Metadata()
        metadata.addString(response.token, forKey: "token")
        self.metadata = metadata
    }

    static let authNotEnabled = "etcdserver: authentication is not enabled"
}
