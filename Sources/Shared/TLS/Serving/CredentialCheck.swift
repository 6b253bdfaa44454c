import Foundation

/// What kvd checks in one side's TLS files before it serves with them (and again before it
/// swaps in rotated files), so that a bad file stops the member with a message naming the file
/// and the reason instead of failing every handshake later.
public enum CredentialCheck {
    /// Readable, parseable, a matching key, valid now; a trusted-CA file that holds CAs; and, on
    /// the peer side, a certificate the peer CA signed, since the other members check it with
    /// that same CA. The client side's certificate may come from another CA than its clients'.
    public static func check(_ settings: TLSSettings, at date: Date = Date()) throws(TLSError) {
        try settings.check()
        let side = settings.side
        var certificate: Certificate?
        if settings.hasCertificate {
            let loaded = try load { try PEMFiles.certificate(at: settings.certFile) }
            let key = try load { try PEMFiles.privateKey(at: settings.keyFile) }
            guard loaded.isCertifying(key) else {
                throw TLSError("\(side.flag("key-file")) \(settings.keyFile) does not match \(side.flag("cert-file")) \(settings.certFile) (the key is not the certificate's)")
            }
            try checkValidity(loaded, file: settings.certFile, at: date)
            certificate = loaded
        }
        guard !settings.trustedCAFile.isEmpty else { return }
        let authorities = try load { try PEMFiles.certificates(at: settings.trustedCAFile) }
        guard authorities.contains(where: \.isCA) else {
            throw TLSError("\(side.flag("trusted-ca-file")) \(settings.trustedCAFile): no CA certificate in it (basicConstraints CA:FALSE)")
        }
        if side == .peer, let certificate {
            try checkIssued(certificate, by: authorities, settings: settings, at: date)
        }
    }

    private static func checkValidity(_ certificate: Certificate, file: String, at date: Date) throws(TLSError) {
        let info = try load { try certificate.info() }
        if date > info.notAfter {
            throw TLSError("\(file): certificate has expired (not after \(CertificateInfo.timestamp(info.notAfter)))")
        }
        if date < info.notBefore {
            throw TLSError("\(file): certificate is not yet valid (not before \(CertificateInfo.timestamp(info.notBefore)))")
        }
    }

    private static func checkIssued(
        _ certificate: Certificate, by authorities: [Certificate], settings: TLSSettings, at date: Date
    ) throws(TLSError) {
        var reasons: [String] = []
        for authority in authorities where authority.isCA {
            do {
                try CertificateVerifier(ca: authority).verify(certificate, usage: .peer, at: date)
                return
            } catch {
                reasons.append("\(error)")
            }
        }
        let side = settings.side
        throw TLSError("\(side.flag("cert-file")) \(settings.certFile) is not accepted by \(side.flag("trusted-ca-file")) \(settings.trustedCAFile): \(reasons.joined(separator: "; "))")
    }

    private static func load<Value>(_ body: () throws -> Value) throws(TLSError) -> Value {
        do {
            return try body()
        } catch let error as TLSError {
            throw error
        } catch {
            throw TLSError("\(error)")
        }
    }
}
