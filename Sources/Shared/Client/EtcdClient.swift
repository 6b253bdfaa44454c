import GRPCCore
import GRPCNIOTransportHTTP2
import NIOCore
import Synchronization

/// A client of an etcd v3 cluster (kvd or etcd). Each command opens a connection, runs, and
/// closes it: the endpoints are tried in turn until one can be reached.
public struct EtcdClient: Sendable {
    public let configuration: ClientConfiguration

    public init(_ configuration: ClientConfiguration) {
        self.configuration = configuration
    }

    /// Runs `body` on the first endpoint that can be reached. An endpoint that cannot be
    /// reached (within the dial timeout) hands over to the next; an answer from a server,
    /// even an error, is final.
    public func withConnection<Result: Sendable>(
        _ body: (EtcdConnection) async throws -> Result
    ) async throws -> Result {
        var failures: [String] = []
        for endpoint in configuration.endpoints {
            do {
                return try await withConnection(to: endpoint, body)
            } catch let error as EndpointUnreachable {
                failures.append(error.description)
            }
        }
        throw ClientError.unreachable(failures)
    }

    /// For streams that outlive a connection (watch, keep-alive): runs `body` on the first
    /// endpoint that can be reached and, each time the stream is lost (its connection, or the
    /// server's leader: any `Unavailable`), again on the next endpoints in turn. A stream that
    /// had made progress (the body marks each answer) resumes at once; rounds without progress
    /// are retried after a pause until `dialTimeout + commandTimeout` has passed since the last
    /// progress (time for an election), then it gives up.
    public func withResumingConnection<Result: Sendable>(
        _ body: (EtcdConnection, StreamProgress) async throws -> Result
    ) async throws -> Result {
        let endpoints = configuration.endpoints
        let patience = configuration.dialTimeout + configuration.commandTimeout
        let progress = StreamProgress()
        var lastProgress = ContinuousClock.now
        var failures: [String] = []
        var next = 0
        while true {
            let endpoint = endpoints[next]
            next = (next + 1) % endpoints.count
            let before = progress.count
            do {
                return try await withConnection(to: endpoint) { try await body($0, progress) }
            } catch let error as EndpointUnreachable {
                failures.append(error.description)
            } catch let error as RPCError where error.code == .unavailable {
                failures.append("\(endpoint.address): \(error.message)")
            }
            if progress.count > before {
                lastProgress = .now
                failures = []
            } else if failures.count == endpoints.count {
                guard ContinuousClock.now - lastProgress < patience else { throw ClientError.unreachable(failures) }
                try await Task.sleep(for: Self.roundPause)
                failures = []
            }
        }
    }

    /// Runs `body` on `count` connections at once (for load: each its own HTTP/2 connection),
    /// spread over the endpoints in turn. There is no failover here: a connection's calls
    /// fail when its endpoint does, which is what a load test reports.
    public func withConnections<Result: Sendable>(
        _ count: Int, _ body: ([EtcdConnection]) async throws -> Result
    ) async throws -> Result {
        precondition(count >= 1, "at least one connection")
        let endpoints = configuration.endpoints
        let clients = try (0..<count).map { index in
            let endpoint = endpoints[index % endpoints.count]
            return (endpoint, GRPCClient(transport: try makeTransport(to: endpoint, record: DialRecord())))
        }
        let timeout = configuration.dialTimeout + configuration.commandTimeout
        let credentials = configuration.credentials
        return try await withThrowingTaskGroup(of: Void.self) { group in
            for (_, client) in clients { group.addTask { try await client.runConnections() } }
            defer { for (_, client) in clients { client.beginGracefulShutdown() } }
            var connections: [EtcdConnection] = []
            for (endpoint, client) in clients {
                var connection = EtcdConnection(endpoint: endpoint, client: client, timeout: timeout)
                if let credentials { try await connection.authenticate(credentials) }
                connections.append(connection)
            }
            return try await body(connections)
        }
    }

    /// Between rounds of endpoints that all failed: long enough for a leader to be elected
    /// between tries, short enough that a resumed stream loses little time.
    static let roundPause = Duration.milliseconds(250)

    /// Runs `body` on a connection to this one endpoint. A connection that cannot be made
    /// throws `EndpointUnreachable`.
    public func withConnection<Result: Sendable>(
        to endpoint: Endpoint, _ body: (EtcdConnection) async throws -> Result
    ) async throws -> Result {
        let configuration = self.configuration
        let record = DialRecord()
        let transport = try makeTransport(to: endpoint, record: record)
        do {
            return try await withGRPCClient(transport: transport) { client in
                var connection = EtcdConnection(endpoint: endpoint, client: client,
                                                timeout: configuration.dialTimeout + configuration.commandTimeout)
                if let credentials = configuration.credentials { try await connection.authenticate(credentials) }
                return try await body(connection)
            }
        } catch let error as RPCError where error.isUnreachable {
            throw EndpointUnreachable(endpoint: endpoint, reason: Self.reason(error, record: record))
        }
    }

    /// The connection to one endpoint, its establishment bounded by the dial timeout.
    private func makeTransport(to endpoint: Endpoint, record: DialRecord) throws -> HTTP2ClientTransport.Posix {
        let configuration = self.configuration
        let secure = configuration.usesTLS(for: endpoint)
        let dialTimeout = TimeAmount(configuration.dialTimeout)
        do {
            return try HTTP2ClientTransport.Posix(
                target: Self.target(for: endpoint),
                transportSecurity: configuration.transportSecurity(for: endpoint),
                config: .defaults { config in
                    config.connection.keepalive = .init(time: max(configuration.keepaliveTime, Self.keepaliveTimeMin),
                                                        timeout: configuration.keepaliveTimeout, allowWithoutCalls: false)
                    config.backoff.initial = .milliseconds(100)
                    config.backoff.max = configuration.dialTimeout
                    config.channelDebuggingCallbacks.onCreateTCPConnection = { channel in
                        channel.eventLoop.makeCompletedFuture {
                            try channel.pipeline.syncOperations.addHandler(
                                DialDeadlineHandler(timeout: dialTimeout, awaitsHandshake: secure, record: record))
                        }
                    }
                }
            )
        } catch let error as RuntimeError {
            // The TLS files were read but are not what they should be (a key given as the certificate, say).
            throw ClientError.invalidTLS("\(error.message) (\(error.cause.map { String(describing: $0) } ?? "no detail"))")
        }
    }

    /// etcd's server counts a client's pings that come more often than every 5s, or with no
    /// call open, as abuse and closes the connection after two: as Go's gRPC client (and so
    /// etcdctl) does, pings come at most every 10s and only while a call is open.
    static let keepaliveTimeMin = Duration.seconds(10)

    /// An IP address is dialled as one: a DNS target would send it as the TLS server name,
    /// which TLS does not allow.
    static func target(for endpoint: Endpoint) -> any ResolvableTarget {
        switch endpoint.addressFamily {
        case .ipv4?: .ipv4(address: endpoint.host, port: endpoint.port)
        case .ipv6?: .ipv6(address: endpoint.host, port: endpoint.port)
        case nil: .dns(host: endpoint.host, port: endpoint.port)
        }
    }

    /// Why an endpoint could not be used, in one line: the transport's words and their cause.
    static func reason(_ error: RPCError, record: DialRecord) -> String {
        if record.timedOut && !record.established { return "no connection within the dial timeout" }
        guard let cause = error.cause else { return error.message }
        // BoringSSL's errors name the C file and line they come from: noise in a one-line error.
        return "\(error.message) (\(cause))".replacing(#/ at \/[^\]\)]*:\d+/#, with: "")
    }
}

/// One endpoint could not be used: no connection could be made in time, or the one made was lost.
public struct EndpointUnreachable: Error, CustomStringConvertible {
    public var endpoint: Endpoint
    public var reason: String

    public var description: String { "\(endpoint.address): \(reason)" }
}

extension RPCError {
    /// The call never reached a server: the connection failed. (etcd's own `Unavailable`
    /// answers, such as "etcdserver: no leader", start with "etcdserver:" and are final:
    /// a write may already have been applied.)
    public var isUnreachable: Bool {
        code == .unavailable && !message.hasPrefix("etcdserver:")
    }
}

/// Answers a long-lived stream has received, counted across reconnections.
public final class StreamProgress: Sendable {
    private let answers = Mutex(0)

    public init() {}

    public var count: Int { answers.withLock { $0 } }

    /// An answer arrived: the stream is alive, so losing it later is worth a resumption.
    public func mark() { answers.withLock { $0 += 1 } }
}
