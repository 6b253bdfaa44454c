/// One side's TLS flags, as etcd names them: the client side (`--cert-file`, `--key-file`,
/// `--trusted-ca-file`, `--client-cert-auth`, `--auto-tls`) or the peer side (the same with
/// `--peer-` in front). `--cipher-suites` is shared by both.
public struct TLSSettings: Sendable, Equatable {
    public enum Side: String, Sendable {
        case client
        case peer

        /// The flag's full name on this side: `cert-file` or `peer-cert-file`.
        public func flag(_ name: String) -> String {
            self == .peer ? "--peer-\(name)" : "--\(name)"
        }
    }

    public var side: Side
    public var certFile = ""
    public var keyFile = ""
    public var trustedCAFile = ""
    public var clientCertAuth = false
    public var autoTLS = false
    /// IANA/Go names, e.g. TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256; empty means the library's defaults.
    public var cipherSuites: [String] = []

    public init(side: Side) {
        self.side = side
    }

    /// Whether connecting clients must present a certificate the trusted CA signed: etcd 3.4
    /// asks for one whenever a trusted CA is named, with or without client-cert-auth.
    public var requiresClientCertificate: Bool { clientCertAuth || !trustedCAFile.isEmpty }

    /// Whether a certificate was named, so https URLs can be served.
    public var hasCertificate: Bool { !certFile.isEmpty || !keyFile.isEmpty }

    /// The problems with the flags themselves, before any file is read.
    public func check() throws(TLSError) {
        if certFile.isEmpty != keyFile.isEmpty {
            throw TLSError("\(side.flag("cert-file")) and \(side.flag("key-file")) must be given together")
        }
        if clientCertAuth && trustedCAFile.isEmpty {
            throw TLSError("\(side.flag("client-cert-auth")) needs \(side.flag("trusted-ca-file")) to verify certificates with")
        }
        _ = try CipherSuites.parse(cipherSuites)
    }
}
