import GRPCCore
import GRPCNIOTransportHTTP2
import Synchronization
import TLS

/// One long-lived gRPC connection from a follower to the leader's client URL, shared by all it
/// forwards (each lease's keep-alives arrive every few seconds, and a TLS handshake per
/// keep-alive would cost more than the keep-alive). It is replaced when the leader moves;
/// gRPC reconnects it by itself when it drops.
public final class LeaderConnection: Sendable {
    private let dialer: Dialer
    private let state = Mutex(State.open(nil))

    private enum State {
        case open((url: PeerURL, client: GRPCClient<HTTP2ClientTransport.Posix>)?)
        case closed
    }

    public init(dialer: Dialer = Dialer(settings: TLSSettings(side: .client))) {
        self.dialer = dialer
    }

    /// The client for `url`, connecting (and letting go of the previous leader's) if needed.
    func client(for url: PeerURL) throws -> GRPCClient<HTTP2ClientTransport.Posix> {
        try state.withLock { state in
            guard case .open(let current) = state else { throw EtcdError.stopped }
            if let current, current.url == url { return current.client }
            current?.client.beginGracefulShutdown()
            let client = GRPCClient(transport: try dialer.transport(url))
            // Ends when the client shuts down: on the next leader change or at close().
            Task { try? await client.runConnections() }
            state = .open((url, client))
            return client
        }
    }

    /// Lets calls in flight finish and refuses new ones.
    func close() {
        state.withLock { state in
            if case .open(let current) = state { current?.client.beginGracefulShutdown() }
            state = .closed
        }
    }
}
