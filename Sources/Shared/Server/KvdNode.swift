import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import LogEntries
import Logging
import Member
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
    private let peerServers: [GRPCServer<HTTP2ServerTransport.Custom<GRPCListener>>]
    private let clientServers: [GRPCServer<HTTP2ServerTransport.Custom<GRPCListener>>]
    private let clientServices: ClientServices
    private let tls: ListenerTLS
    private let shutdownRequests: AsyncStream<Void>
    private let shutdownContinuation: AsyncStream<Void>.Continuation

    /// Opens (or creates) the data directory and binds nothing yet.
    public init(configuration: NodeConfiguration) async throws {
        try configuration.validate()
        var memberConfig = MemberConfig(id: 0, clusterID: 0, initialVoters: [], dataDirectory: configuration.dataDirectory)
        memberConfig.walDirectory = configuration.walDirectory
        let tls = try ListenerTLS(configuration)
        let peerDialer = Dialer(settings: tls.peer)
        let boot = try await Bootstrap.resolve(configuration, layout: memberConfig.layout, dialer: peerDialer)
        memberConfig.id = boot.memberID
        memberConfig.clusterID = boot.cluster.clusterID
        memberConfig.initialVoters = boot.foundsCluster ? boot.cluster.members.map(\.id) : []
        memberConfig.electionTicks = configuration.electionTicks
        memberConfig.requestTimeoutTicks = configuration.requestTimeoutTicks
        memberConfig.snapshotCount = configuration.snapshotCount
        memberConfig.snapshotCatchUpEntries = configuration.snapshotCatchUpEntries
        memberConfig.strictReconfigCheck = configuration.strictReconfigCheck
        memberConfig.storeMapSizeBytes = BackendQuota.storeMapSizeBytes(quota: configuration.quotaBackendBytes)
        memberConfig.walMetadataExtra = try DataDirectoryOrigin(cluster: boot.cluster,
                                                                initialClusterToken: configuration.initialClusterToken).encoded()
        memberConfig.cluster = boot.cluster
        memberConfig.attributes = MemberAttributes(id: boot.memberID, name: configuration.name,
                                                   clientURLs: configuration.advertiseClientURLs.map(\.description))

        let peers = boot.cluster.members.compactMap { info -> GRPCPeerTransport.Peer? in
            guard let url = info.peerURLs.first.flatMap({ try? PeerURL(parsing: $0) }) else { return nil }
            return GRPCPeerTransport.Peer(id: info.id, url: url)
        }
        let transport = GRPCPeerTransport(selfID: boot.memberID, clusterID: boot.cluster.clusterID,
                                          selfPeerURLs: configuration.initialAdvertisePeerURLs.map(\.description),
                                          peers: peers, dialer: peerDialer)
        let member = try Member(config: memberConfig, transport: transport)
        transport.onUnreachable { peer in Task { await member.reportUnreachable(peer) } }
        transport.onRemoved { Task { await member.noticeRemoval() } }
        transport.onRoundTrip { peer, roundTrip in member.metrics.peerRoundTrip(to: peer, roundTrip) }

        var peerServers: [GRPCServer<HTTP2ServerTransport.Custom<GRPCListener>>] = []
        for url in configuration.listenPeerURLs {
            let listener = try GRPCListener.transport(url, tls: tls.peerContext)
            peerServers.append(GRPCServer(transport: listener, services: [PeerService(member: member)]))
        }
        var clientServers: [GRPCServer<HTTP2ServerTransport.Custom<GRPCListener>>] = []
        let clientServices = try await ClientServices.make(
            member: member, limits: configuration.limits, quota: BackendQuota(bytes: configuration.quotaBackendBytes),
            electionTicks: configuration.electionTicks,
            tickInterval: .milliseconds(configuration.heartbeatIntervalMs), dialer: Dialer(settings: tls.client))
        let electionTimeout = Duration.milliseconds(configuration.electionTimeoutMs)
        for url in configuration.listenClientURLs {
            let listener = try GRPCListener.transport(url, tls: tls.clientContext)
            clientServers.append(GRPCServer(transport: listener, services: clientServices.services,
                                      interceptors: [MetricsInterceptor(metrics: member.metrics), LearnerInterceptor(member: member),
                                                     RequireLeaderInterceptor(member: member, electionTimeout: electionTimeout)]))
        }
        self.member = member
        self.cluster = boot.cluster
        self.configuration = configuration
        self.peerTransport = transport
        self.peerServers = peerServers
        self.clientServers = clientServers
        self.clientServices = clientServices
        self.tls = tls
        (shutdownRequests, shutdownContinuation) = AsyncStream<Void>.makeStream()
    }

    /// Serves until `shutdown()`; calls `onReady` once the member has joined a cluster that
    /// has a leader (the first founder to start waits for a quorum of the others).
    public func run(onReady: @escaping @Sendable () async -> Void) async throws {
        let heartbeat = Duration.milliseconds(configuration.heartbeatIntervalMs)
        do {
            let (clientsDone, clientsDoneContinuation) = AsyncStream<Void>.makeStream()
            try await withThrowingDiscardingTaskGroup { group in
                for server in peerServers { group.addTask { try await server.serve() } }
                group.addTask {
                    try await withThrowingDiscardingTaskGroup { clients in
                        for server in self.clientServers { clients.addTask { try await server.serve() } }
                    }
                    clientsDoneContinuation.finish()
                }
                group.addTask { await self.peerTransport.run() }
                group.addTask { await self.clientServices.run() }
                if !self.configuration.listenMetricsURLs.isEmpty { group.addTask { try await self.serveMetrics() } }
                await member.start(tickInterval: heartbeat)
                group.addTask {
                    while !Task.isCancelled {
                        // As etcd's: ready once there is a leader and the membership shows this
                        // member's name and client URLs (its publish has committed).
                        if self.member.leader != noNode, await self.member.attributesPublished {
                            await onReady()
                            return
                        }
                        try await Task.sleep(for: heartbeat)
                    }
                }
                group.addTask {
                    // A removed member stops, as etcd's do.
                    for await _ in self.member.removal { self.shutdown() }
                }
                group.addTask {
                    for await _ in self.shutdownRequests {}
                    for server in self.clientServers { server.beginGracefulShutdown() }
                    // Requests in flight get a moment to finish, and writes among them need
                    // the peers to commit: the peer side closes only once the clients' calls
                    // are done or the grace is over. Peer streams never end by themselves, so
                    // whatever is left then is cancelled.
                    await Self.firstOf({ for await _ in clientsDone {} }, { try? await Task.sleep(for: Self.shutdownGrace) })
                    let requestTimeout = heartbeat * Int(self.configuration.requestTimeoutTicks)
                    if let successor = await self.member.handOverLeadership(timeout: requestTimeout) {
                        Self.logger.info("leadership transferred before stopping", metadata: ["to": "\(hexID(successor))"])
                    }
                    self.peerTransport.close()
                    // The peer listeners stop accepting before their serving tasks are
                    // cancelled: NIO traps on a connection accepted but never served
                    // (swift-nio#2637), and peers keep reconnecting to a stopping member.
                    for server in self.peerServers { server.beginGracefulShutdown() }
                    try? await Task.sleep(for: Self.listenerCloseGrace)
                    throw ShutdownComplete()
                }
            }
        } catch is ShutdownComplete {}
        try await member.stop()
    }

    /// `/metrics` and `/health` until cancelled; the database size is refreshed every heartbeat,
    /// health judged per request.
    private func serveMetrics() async throws {
        let member = self.member
        // As etcd 3.4's: unhealthy while any alarm is raised, or without a leader.
        let health: @Sendable () -> Bool = { member.leader != noNode && (try? member.store.alarms().isEmpty) == true }
        var servers: [MetricsHTTPServer] = []
        for url in configuration.listenMetricsURLs {
            servers.append(try await MetricsHTTPServer.start(host: try GRPCListener.bindHost(url), port: url.port,
                                                            tls: url.scheme == .https ? tls.metricsContext : nil,
                                                            metrics: member.metrics, health: health))
        }
        do {
            while true {
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
    /// Time for closed listeners to hand over the connections they accepted meanwhile.
    static let listenerCloseGrace = Duration.milliseconds(100)
    private static let logger = Logger(label: "kvd")

    /// Waits for whichever of the two finishes first, and cancels the other.
    private static func firstOf(_ first: @escaping @Sendable () async -> Void,
                                _ second: @escaping @Sendable () async -> Void) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask(operation: first)
            group.addTask(operation: second)
            await group.next()
            group.cancelAll()
        }
    }
}

private struct ShutdownComplete: Error {}
