/// How to reach a cluster: the flags etcdctl takes, as values.
public struct ClientConfiguration: Sendable {
    public var endpoints: [Endpoint]
    /// How long connecting to one endpoint may take before the next is tried.
    public var dialTimeout: Duration
    /// How long one short command may take once connected.
    public var commandTimeout: Duration
    public var keepaliveTime: Duration
    public var keepaliveTimeout: Duration
    public var tls: TLSFiles?
    public var credentials: Credentials?

    public init(endpoints: [Endpoint], dialTimeout: Duration = .seconds(2), commandTimeout: Duration = .seconds(5),
                keepaliveTime: Duration = .seconds(2), keepaliveTimeout: Duration = .seconds(6),
                tls: TLSFiles? = nil, credentials: Credentials? = nil) {
        precondition(!endpoints.isEmpty, "a client needs at least one endpoint")
        self.endpoints = endpoints
        self.dialTimeout = dialTimeout
        self.commandTimeout = commandTimeout
        self.keepaliveTime = keepaliveTime
        self.keepaliveTimeout = keepaliveTimeout
        self.tls = tls
        self.credentials = credentials
    }
}

/// `--cacert`, `--cert`, `--key`, `--insecure-skip-tls-verify`: PEM files on disk; and
/// `--insecure-transport=false`, which asks for TLS with none of them.
public struct TLSFiles: Sendable, Equatable {
    public var caCertificate: String?
    public var certificate: String?
    public var key: String?
    public var skipVerification: Bool
    public var insecureTransport: Bool

    public init(caCertificate: String? = nil, certificate: String? = nil, key: String? = nil,
                skipVerification: Bool = false, insecureTransport: Bool = true) {
        self.caCertificate = caCertificate
        self.certificate = certificate
        self.key = key
        self.skipVerification = skipVerification
        self.insecureTransport = insecureTransport
    }

    /// Whether TLS was asked for: then an endpoint without a scheme uses TLS.
    public var isRequested: Bool {
        caCertificate != nil || certificate != nil || key != nil || skipVerification || !insecureTransport
    }
}

/// `--user name[:password]` and `--password`.
public struct Credentials: Sendable, Equatable {
    public var user: String
    public var password: String

    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }
}
