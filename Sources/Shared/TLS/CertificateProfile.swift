/// What a certificate is for, which fixes its X.509v3 extensions. The usages follow etcd's
/// security guide: members present their server and peer certificates both as TLS servers and
/// as TLS clients (to each other and to the gateway), so both carry serverAuth and clientAuth.
public enum CertificateProfile: String, CaseIterable, Sendable {
    case ca
    case server
    case peer
    case client

    /// The stem of the PEM files, as etcd's and cfssl's guides name them: `ca.pem` and
    /// `ca-key.pem`, `server.pem`, `peer.pem`; a client's files carry its user name, which
    /// must therefore be a file name, and not one that would replace another profile's files.
    public func fileStem(name: String) throws -> String {
        guard self == .client else { return rawValue }
        try OutputFile.checkPathComponent(name, what: "client name")
        if let profile = CertificateProfile(rawValue: name), profile != .client {
            throw TLSError("client name '\(name)' would replace the \(name) certificate's files; choose another")
        }
        return name
    }

    var basicConstraints: String {
        self == .ca ? "critical,CA:TRUE" : "critical,CA:FALSE"
    }

    /// RSA keys may encrypt the TLS 1.2 premaster secret; EC keys only sign.
    func keyUsage(rsaKey: Bool) -> String {
        switch self {
        case .ca: "critical,keyCertSign,cRLSign"
        case .server, .peer, .client: rsaKey ? "critical,digitalSignature,keyEncipherment" : "critical,digitalSignature"
        }
    }

    var extendedKeyUsage: String? {
        switch self {
        case .ca: nil
        case .server, .peer: "serverAuth,clientAuth"
        case .client: "clientAuth"
        }
    }
}
