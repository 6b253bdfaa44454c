import Foundation
import GRPCNIOTransportHTTP2

extension ClientConfiguration {
    /// Whether to use TLS with one endpoint: `https://` always, `http://` never, and an
    /// endpoint without a scheme when a TLS flag was given, as etcdctl decides.
    func usesTLS(for endpoint: Endpoint) -> Bool {
        switch endpoint.scheme {
        case .https: true
        case .http: false
        case nil: tls?.isRequested ?? false
        }
    }

    /// Plaintext, or TLS with the configured files.
    func transportSecurity(for endpoint: Endpoint) throws(ClientError) -> HTTP2ClientTransport.Posix.TransportSecurity {
        guard usesTLS(for: endpoint) else { return .plaintext }
        let files = tls ?? TLSFiles()
        for path in [files.caCertificate, files.certificate, files.key].compactMap({ $0 }) {
            let descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else { throw .invalidTLS("open \(path): \(Self.goErrorText(errno))") }
            close(descriptor)
        }
        let configure = { (config: inout HTTP2ClientTransport.Posix.TransportSecurity.TLS) in
            if let ca = files.caCertificate { config.trustRoots = .certificates([.file(path: ca, format: .pem)]) }
            config.serverCertificateVerification = files.skipVerification ? .noVerification : .fullVerification
        }
        switch (files.certificate, files.key) {
        case let (certificate?, key?):
            return .mTLS(certificateChain: [.file(path: certificate, format: .pem)],
                         privateKey: .file(path: key, format: .pem), configure: configure)
        case (nil, nil):
            return .tls(configure: configure)
        case let (certificate, key):
            throw .invalidTLS("KeyFile and CertFile must both be present[key: \(key ?? ""), cert: \(certificate ?? "")]")
        }
    }

    /// An errno as Go's syscall errors read: "no such file or directory".
    private static func goErrorText(_ code: Int32) -> String {
        let text = String(cString: strerror(code))
        return text.prefix(1).lowercased() + text.dropFirst()
    }
}
