import CCrypto

/// The TLS role a certificate is checked for. A peer certificate serves and dials, so it must
/// pass both checks.
public enum CertificateUsage: String, CaseIterable, Sendable {
    case server
    case client
    case peer

    var purposes: [(id: Int32, description: String)] {
        let server = (X509_PURPOSE_SSL_SERVER, "TLS server authentication")
        let client = (X509_PURPOSE_SSL_CLIENT, "TLS client authentication")
        switch self {
        case .server: return [server]
        case .client: return [client]
        case .peer: return [server, client]
        }
    }
}
