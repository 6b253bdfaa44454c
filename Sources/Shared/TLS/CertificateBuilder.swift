import CCrypto

/// Makes certificates with libcrypto: X.509 v3, random 16-byte serials, subject and authority
/// key identifiers, SHA-256 signatures, extensions fixed by the profile.
public enum CertificateBuilder {
    /// A self-signed CA certificate for `key`.
    public static func selfSignedCA(commonName: String, key: PrivateKey, validity: Validity) throws -> Certificate {
        let request = CertificateRequest(
            profile: .ca, commonName: commonName, alternativeNames: try SubjectAlternativeNames(), validity: validity
        )
        return try build(request, subjectKey: key, issuer: nil, signingKey: key)
    }

    /// A server or peer certificate that vouches for itself, for etcd's `--auto-tls`: it
    /// encrypts, but only a client told to skip verification accepts it.
    public static func selfSigned(_ request: CertificateRequest, key: PrivateKey) throws -> Certificate {
        precondition(request.profile != .ca, "CA certificates are made by selfSignedCA")
        return try build(request, subjectKey: key, issuer: nil, signingKey: key)
    }

    /// A server, peer or client certificate for `subjectKey`, signed by the CA.
    public static func issue(
        _ request: CertificateRequest, subjectKey: PrivateKey, ca: Certificate, caKey: PrivateKey
    ) throws -> Certificate {
        precondition(request.profile != .ca, "CA certificates are self-signed: use selfSignedCA")
        guard ca.isCA else { throw TLSError("the CA certificate is not a CA (its basicConstraints say CA:FALSE)") }
        guard ca.isCertifying(caKey) else { throw TLSError("the CA key does not match the CA certificate") }
        return try build(request, subjectKey: subjectKey, issuer: ca, signingKey: caKey)
    }

    /// `issuer` nil means self-signed.
    private static func build(
        _ request: CertificateRequest, subjectKey: PrivateKey, issuer: Certificate?, signingKey: PrivateKey
    ) throws -> Certificate {
        if let problem = request.problem() { throw TLSError(problem) }
        guard let x509 = X509_new() else { throw TLSError.openSSL("cannot allocate a certificate") }
        let certificate = Certificate(taking: x509)
        try setFields(of: certificate, request, subjectKey: subjectKey, issuer: issuer ?? certificate)
        try addExtensions(to: certificate, request, rsaKey: subjectKey.isRSA, issuer: issuer ?? certificate)
        guard X509_sign(certificate.pointer, signingKey.pointer, EVP_sha256()) > 0 else {
            throw TLSError.openSSL("cannot sign the certificate")
        }
        return certificate
    }

    private static func setFields(
        of certificate: Certificate, _ request: CertificateRequest, subjectKey: PrivateKey, issuer: Certificate
    ) throws {
        let x509 = certificate.pointer
        let serial = try SerialNumber.random()
        let serialNumber = try OpenSSLHandle(BN_bin2bn(serial, Int32(serial.count), nil), failing: "cannot make a serial number") {
            BN_free($0)
        }
        let commonName = Array(request.commonName.utf8)
        let succeeded = X509_set_version(x509, Int(X509_VERSION_3)) == 1
            && serialNumber.withPointer { BN_to_ASN1_INTEGER($0, X509_get_serialNumber(x509)) } != nil
            && ASN1_TIME_set(X509_getm_notBefore(x509), time_t(request.validity.notBefore.timeIntervalSince1970)) != nil
            && ASN1_TIME_set(X509_getm_notAfter(x509), time_t(request.validity.notAfter.timeIntervalSince1970)) != nil
            && X509_NAME_add_entry_by_txt(
                X509_get_subject_name(x509), "CN", MBSTRING_UTF8, commonName, Int32(commonName.count), -1, 0
            ) == 1
            && X509_set_issuer_name(x509, X509_get_subject_name(issuer.pointer)) == 1
            && X509_set_pubkey(x509, subjectKey.pointer) == 1
        guard succeeded else { throw TLSError.openSSL("cannot fill in the certificate") }
    }

    private static func addExtensions(
        to certificate: Certificate, _ request: CertificateRequest, rsaKey: Bool, issuer: Certificate
    ) throws {
        let profile = request.profile
        // The subject key identifier goes before the authority key identifier: for a
        // self-signed CA, OpenSSL copies it from there.
        let extensions: [(nid: Int32, value: String?)] = [
            (NID_basic_constraints, profile.basicConstraints),
            (NID_key_usage, profile.keyUsage(rsaKey: rsaKey)),
            (NID_ext_key_usage, profile.extendedKeyUsage),
            (NID_subject_key_identifier, "hash"),
            (NID_authority_key_identifier, "keyid:always"),
            (NID_subject_alt_name, request.alternativeNames.isEmpty ? nil : request.alternativeNames.openSSLValue),
        ]
        var context = X509V3_CTX()
        X509V3_set_ctx(&context, issuer.pointer, certificate.pointer, nil, nil, 0)
        for (nid, value) in extensions {
            guard let value else { continue }
            let name = String(cString: OBJ_nid2ln(nid))
            let x509Extension = try OpenSSLHandle(
                X509V3_EXT_conf_nid(nil, &context, nid, value), failing: "cannot make the \(name) extension '\(value)'"
            ) { X509_EXTENSION_free($0) }
            guard x509Extension.withPointer({ X509_add_ext(certificate.pointer, $0, -1) }) == 1 else {
                throw TLSError.openSSL("cannot add the \(name) extension")
            }
        }
    }
}
