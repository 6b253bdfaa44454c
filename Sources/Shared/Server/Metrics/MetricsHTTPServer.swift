import Member
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import TLS

/// `/metrics` (Prometheus text) and `/health` (etcd's JSON) on `--listen-metrics-urls`.
/// The answers come from values the member keeps current, so the HTTP side never waits on it.
final class MetricsHTTPServer: Sendable {
    private let channel: any Channel

    private init(channel: any Channel) { self.channel = channel }

    /// With `tls`, HTTPS (an https metrics URL is served with the client certificate, as etcd does).
    static func start(host: String, port: Int, tls: ReloadingTLSContext?, metrics: ServerMetrics, health: @escaping @Sendable () -> Bool)
        async throws -> MetricsHTTPServer
    {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls { try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls.current())) }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(metrics: metrics, health: health))
                }
            }
            .bind(host: host, port: port)
            .get()
        return MetricsHTTPServer(channel: channel)
    }

    func close() async {
        try? await channel.close()
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let metrics: ServerMetrics
        /// Judged per request, so an answer never lags a change (a disarmed alarm).
        let health: @Sendable () -> Bool
        private var uri = ""

        init(metrics: ServerMetrics, health: @escaping @Sendable () -> Bool) {
            self.metrics = metrics
            self.health = health
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                uri = head.uri
            case .body:
                break
            case .end:
                let (status, type, body) = answer(uri)
                var headers = HTTPHeaders()
                headers.add(name: "Content-Type", value: type)
                headers.add(name: "Content-Length", value: String(body.count))
                context.write(wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: status, headers: headers))),
                              promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: body)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            }
        }

        private func answer(_ uri: String) -> (HTTPResponseStatus, String, [UInt8]) {
            switch uri.split(separator: "?").first.map(String.init) ?? uri {
            case "/metrics":
                return (.ok, "text/plain; version=0.0.4", metrics.registry.emitToBuffer())
            case "/health":
                // As etcd 3.4's: an unhealthy answer goes out through Go's http.Error, which
                // makes it plain text with a newline.
                return health() ? (.ok, "application/json", Array(#"{"health":"true"}"#.utf8))
                    : (.serviceUnavailable, "text/plain; charset=utf-8", Array(#"{"health":"false"}"#.utf8) + [0x0A])
            default:
                return (.notFound, "text/plain", Array("404 page not found\n".utf8))
            }
        }
    }
}

