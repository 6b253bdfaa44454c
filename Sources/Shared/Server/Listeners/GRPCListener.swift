import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import Synchronization
import TLS

/// Accepts gRPC connections on one listen URL: in the clear for http, with TLS for https.
/// Each TLS connection takes the server context current when it arrives, so rotated
/// certificates apply to new connections without a restart.
struct GRPCListener: HTTP2ServerTransport.ListenerFactory {
    let host: String
    let port: Int
    let tls: ReloadingTLSContext?
    let eventLoopGroup: any EventLoopGroup

    static let applicationProtocols = ["grpc-exp", "h2"]

    func makeListeningChannel(
        listenerConfigurator: HTTP2ServerTransport.ListenerConfigurator,
        connectionConfigurator: HTTP2ServerTransport.ConnectionConfigurator
    ) async throws -> NIOAsyncChannel<HTTP2ServerTransport.ConnectionConfigurator.ConnectionChannel, Never> {
        let tls = self.tls
        return try await ServerBootstrap(group: eventLoopGroup)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelInitializer { listenerConfigurator.configure(channel: $0) }
            .bind(host: host, port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls.current()))
                        try channel.pipeline.syncOperations.addHandler(HandshakeFailureLog(side: tls.settings.side))
                    }
                }.flatMap {
                    connectionConfigurator.configure(channel: channel, tls: tls == nil ? .none : .configured(requireALPN: false))
                }
            }
    }

    /// A gRPC server transport for `url`; `tls` serves it when the URL is https.
    static func transport(_ url: PeerURL, tls: ReloadingTLSContext?) throws -> HTTP2ServerTransport.Custom<GRPCListener> {
        precondition(url.scheme != .https || tls != nil, "ListenerTLS makes a context for every side with an https URL")
        var config = HTTP2ServerTransport.Custom<GRPCListener>.Config.defaults
        config.rpc.maxRequestPayloadSize = 64 * 1024 * 1024
        let listener = GRPCListener(host: try bindHost(url), port: url.port, tls: url.scheme == .https ? tls : nil,
                                    eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
        return HTTP2ServerTransport.Custom(listenerFactory: listener, config: config)
    }

    /// etcd binds listen URLs to IP addresses; `localhost` means the IPv4 loopback.
    static func bindHost(_ url: PeerURL) throws -> String {
        switch url.host {
        case .dns("localhost"): return "127.0.0.1"
        case .dns(let name): throw BootstrapError.invalid("expected IP in URL for binding (\(url)): \(name) is a name")
        case .ip(let ip): return ip.description
        }
    }
}

/// Logs a connection refused at the TLS handshake (no certificate, another CA's, an expired
/// one), with the address it came from, as etcd logs "rejected connection". A client that
/// keeps retrying is logged once per `quietPeriod` per address, with a count of the rest.
private final class HandshakeFailureLog: ChannelInboundHandler, Sendable {
    typealias InboundIn = NIOAny

    let side: TLSSettings.Side
    private static let logger = Logger(label: "kvd.tls")
    private static let quietPeriod = Duration.seconds(10)
    private static let recent = Mutex<[String: (loggedAt: ContinuousClock.Instant, suppressed: Int)]>([:])

    init(side: TLSSettings.Side) {
        self.side = side
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if case NIOSSLError.handshakeFailed(let reason) = error {
            let address = context.channel.remoteAddress
            let remote = address.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "an unknown address"
            if let suppressed = Self.shouldLog(host: "\(side.rawValue) \(address?.ipAddress ?? "")") {
                let more = suppressed > 0 ? " (and \(suppressed) more from there since the last report)" : ""
                Self.logger.warning("rejected \(side.rawValue) connection from \(remote): \(Self.reason(reason))\(more)")
            }
        }
        context.fireErrorCaught(error)
    }

    /// The count of refusals not logged since the last line, or nil to stay quiet.
    private static func shouldLog(host: String) -> Int? {
        let now = ContinuousClock.now
        return recent.withLock { recent in
            if recent.count > 1_024 { recent.removeAll() }
            if let last = recent[host], now - last.loggedAt < quietPeriod {
                recent[host]?.suppressed += 1
                return nil
            }
            let suppressed = recent[host]?.suppressed ?? 0
            recent[host] = (now, 0)
            return suppressed
        }
    }

    /// BoringSSL's reason code (TLSV1_ALERT_UNKNOWN_CA, CERTIFICATE_VERIFY_FAILED...) without
    /// the source file it came from.
    private static func reason(_ error: BoringSSLError) -> String {
        let text = "\(error)"
        guard let match = text.firstMatch(of: /OPENSSL_internal:([A-Z0-9_]+)/) else { return text }
        return String(match.1)
    }
}
