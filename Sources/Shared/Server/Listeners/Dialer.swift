import GRPCCore
import GRPCNIOTransportHTTP2
import TLS

/// How this member dials others: peer URLs with the peer TLS settings, the leader's client URL
/// with the client ones. https presents this member's certificate (etcd's guides make server
/// and peer certificates good for clientAuth too) and checks the other side against the
/// trusted CA, or the system's roots without one; an auto-TLS side skips the check, since
/// self-signed certificates prove nothing. Files are read per connection, so a reconnect
/// after rotation uses the new ones.
public struct Dialer: Sendable {
    public let settings: TLSSettings

    public init(settings: TLSSettings) {
        self.settings = settings
    }

    /// An IP address is dialled as one, not as a name: TLS must not send it as the server name
    /// (SNI), and the certificate is then checked for the address itself.
    func transport(_ url: PeerURL) throws -> HTTP2ClientTransport.Posix {
        let security: HTTP2ClientTransport.Posix.TransportSecurity = url.scheme == .https ? .tls(tlsConfiguration()) : .plaintext
        switch url.host {
        case .ip(let ip) where ip.description.contains(":"):
            return try HTTP2ClientTransport.Posix(target: .ipv6(address: ip.description, port: url.port), transportSecurity: security)
        case .ip(let ip):
            return try HTTP2ClientTransport.Posix(target: .ipv4(address: ip.description, port: url.port), transportSecurity: security)
        case .dns(let name):
            return try HTTP2ClientTransport.Posix(target: .dns(host: name, port: url.port), transportSecurity: security)
        }
    }

    private func tlsConfiguration() -> HTTP2ClientTransport.Posix.TransportSecurity.TLS {
        var tls = HTTP2ClientTransport.Posix.TransportSecurity.TLS.defaults()
        if settings.hasCertificate {
            tls.certificateChain = [.file(path: settings.certFile, format: .pem)]
            tls.privateKey = .file(path: settings.keyFile, format: .pem)
        }
        if !settings.trustedCAFile.isEmpty {
            tls.trustRoots = .certificates([.file(path: settings.trustedCAFile, format: .pem)])
        }
        if settings.autoTLS {
            tls.serverCertificateVerification = .noVerification
        }
        return tls
    }
}
