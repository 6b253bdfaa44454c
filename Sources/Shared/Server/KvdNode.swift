import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import LogEntries
import Raft
import TLS

/// One running kvd member: the Raft member with its disk, the peer transport and the gRPC
/// servers on the peer and client URLs. `kvd` is a thin command line around it, and
/// integration tests run it in-process the same way.
public final class KvdNode: Sendable {
    public let member: Member
    public let cluster: ClusterInfo
    public let configuration: NodeConfiguration
    private let peerTransport: GRPCPeerTransport
    private let servers: [GRPCServer<HTTP2ServerTransport.Posix>]
    private let clientServices: ClientServices
    private let shutdownRequests: AsyncStream<Void>
    private let shutdownContinuation: AsyncStream<Void>.Continuation

    /// Opens (or creates) the data directory and binds nothing yet.
    public init(configuration: NodeConfiguration) async throws {
        try configuration.validate()
        var memberConfig = MemberConfig(id: 0, clusterID: 0, initialVoters: [], dataDirectory: configuration.dataDirectory)
        memberConfig.walDirectory = configuration.walDirectory
        let boot = try Bootstrap.resolve(configuration, layout: memberConfig.layout)
        memberConfig.id = boot.memberID
        memberConfig.clusterID = boot.cluster.clusterID
        memberConfig.initialVoters = boot.cluster.members.map(\.id)
        memberConfig.electionTicks = configuration.electionTicks
        memberConfig.snapshotCount = configuration.snapshotCount
        memberConfig.snapshotCatchUpEntries = configuration.snapshotCatchUpEntries
        memberConfig.walMetadataExtra = Array(try JSONEncoder().encode(boot.cluster))
        memberConfig.cluster = boot.cluster
        memberConfig.attributes = MemberAttributes(id: boot.memberID, name: configuration.name,
                                                   clientURLs: configuration.advertiseClientURLs.map(\.description))

        let peers = boot.cluster.members.compactMap { info -> GRPCPeerTransport.Peer? in
            guard let url = info.peerURLs.first.flatMap({ try? PeerURL(parsing: $0) }) else { return nil }
            return GRPCPeerTransport.Peer(id: info.id, host: url.host.description, port: url.port)
        }
        let transport = GRPCPeerTransport(selfID: boot.memberID, clusterID: boot.cluster.clusterID, peers: peers)
        let member = try Member(config: memberConfig, transport: transport)
        transport.onUnreachable { peer in Task { await member.reportUnreachable(peer) } }

        var servers: [GRPCServer<HTTP2ServerTransport.Posix>] = []
        for url in configuration.listenPeerURLs {
            servers.append(GRPCServer(transport: try Self.listener(url), services: [PeerService(member: member, cluster: boot.cluster)]))
        }
        let clientServices = try await ClientServices.make(
            member: member, limits: configuration.limits, electionTicks: configuration.electionTicks,
            tickInterval: .milliseconds(configuration.heartbeatIntervalMs))
        for url in configuration.listenClientURLs {
            servers.append(GRPCServer(transport: try Self.listener(url), services: clientServices.services,
                                      interceptors: [MetricsInterceptor(metrics: member.metrics)]))
        }
        self.member = member
        self.cluster = boot.cluster
        self.configuration = configuration
        self.peerTransport = transport
        self.servers = servers
        self.clientServices = clientServices
        (shutdownRequests, shutdownContinuation) = AsyncStream<Void>.makeStream()
    }

    static func listener(_ url: PeerURL) throws -> HTTP2ServerTransport.Posix {
        let host = try bindHost(url)
        let address: GRPCNIOTransportCore.SocketAddress = host.contains(":")
            ? .ipv6(host: host, port: url.port) : .ipv4(host: host, port: url.port)
        var config = HTTP2ServerTransport.Posix.Config.defaults
        config.rpc.maxRequestPayloadSize = 64 * 1024 * 1024
        return HTTP2ServerTransport.Posix(address: address, transportSecurity: .plaintext, config: config)
    }

    /// etcd binds listen URLs to IP addresses; `localhost` means the IPv4 loopback.
    static func bindHost(_ url: PeerURL) throws -> String {
        guard url.scheme == .http else {
            throw BootstrapError.invalid("\(url): TLS listeners are not supported yet; use http")
        }
        switch url.host {
        case .dns("localhost"): return "127.0.0.1"
        case .dns(let name): throw BootstrapError.invalid("expected IP in URL for binding (\(url)): \(name) is a name")
        case .ip(let ip): return ip.description
        }
    }

    /// Serves until `shutdown()`; calls `onReady` once the member has joined a cluster that
    /// has a leader (the first founder to start waits for a quorum of the others).
    public func run(onReady: @escaping @Sendable () async -> Void) async throws {
        let heartbeat = Duration.milliseconds(configuration.heartbeatIntervalMs)
        do {
            try await withThrowingDiscardingTaskGroup { group in
                for server in servers { group.addTask { try await server.serve() } }
                group.addTask { await self.peerTransport.run() }
                group.addTask { await self.clientServices.run() }
                if !self.configuration.listenMetricsURLs.isEmpty { group.addTask { try await self.serveMetrics() } }
                await member.start(tickInterval: heartbeat)
                group.addTask {
                    while !Task.isCancelled {
                        if await self.member.status.softState.lead != noNode {
                            await onReady()
                            return
                        }
                        try await Task.sleep(for: heartbeat)
                    }
                }
                group.addTask {
                    for await _ in self.shutdownRequests {}
                    for server in self.servers { server.beginGracefulShutdown() }
                    self.peerTransport.close()
                    // Requests in flight get a moment to finish; peer streams never end by
                    // themselves, so the rest is cancelled.
                    try? await Task.sleep(for: Self.shutdownGrace)
                    throw ShutdownComplete()
                }
            }
        } catch is ShutdownComplete {}
        try await member.stop()
    }

    /// `/metrics` and `/health` until cancelled, refreshing what they report every heartbeat.
    private func serveMetrics() async throws {
        let health = HealthState()
        var servers: [MetricsHTTPServer] = []
        for url in configuration.listenMetricsURLs {
            servers.append(try await MetricsHTTPServer.start(host: try Self.bindHost(url), port: url.port,
                                                            metrics: member.metrics, health: health))
        }
        do {
            while true {
                health.set(await member.status.softState.lead != noNode)
                if let size = try? member.store.status().dbSizeBytes { member.metrics.databaseSize.set(Int64(size)) }
                try await Task.sleep(for: .milliseconds(configuration.heartbeatIntervalMs))
            }
        } catch {
            for server in servers { await server.close() }
        }
    }

    /// Stops taking requests, lets those in flight finish, then closes the WAL and the store;
    /// `run()` returns when it is done.
    public func shutdown() {
        shutdownContinuation.finish()
    }

    static let shutdownGrace = Duration.seconds(2)
}

private struct ShutdownComplete: Error {}
