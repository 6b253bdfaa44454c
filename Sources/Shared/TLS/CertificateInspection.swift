import CCrypto
import Foundation

extension Certificate {
    /// Reads every field `kvcert inspect` shows.
    public func info() throws -> CertificateInfo {
        guard let publicKey = X509_get0_pubkey(pointer) else { throw TLSError.openSSL("the certificate has no readable public key") }
        let names = alternativeNames()
        return CertificateInfo(
            version: Int(X509_get_version(pointer)) + 1,
            subject: try Self.text(of: X509_get_subject_name(pointer)),
            issuer: try Self.text(of: X509_get_issuer_name(pointer)),
            serialNumber: Self.hex(Self.bytes(of: X509_get0_serialNumber(pointer))),
            isCA: isCA,
            keyType: KeyType.name(of: publicKey),
            signatureAlgorithm: String(cString: OBJ_nid2ln(X509_get_signature_nid(pointer))),
            notBefore: try Self.date(X509_get0_notBefore(pointer)),
            notAfter: try Self.date(X509_get0_notAfter(pointer)),
            dnsNames: names.dnsNames,
            ipAddresses: names.ipAddresses,
            keyUsage: keyUsage(),
            extendedKeyUsage: extendedKeyUsage(),
            subjectKeyIdentifier: X509_get0_subject_key_id(pointer).map { Self.hex(Self.bytes(of: $0)) },
            authorityKeyIdentifier: X509_get0_authority_key_id(pointer).map { Self.hex(Self.bytes(of: $0)) },
            sha256Fingerprint: Self.hex(try sha256Fingerprint())
        )
    }

    func sha256Fingerprint() throws -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        guard X509_digest(pointer, EVP_sha256(), &digest, &length) == 1 else { throw TLSError.openSSL("cannot hash the certificate") }
        return Array(digest.prefix(Int(length)))
    }

    /// The SAN entries kvcert writes (DNS and IP); other kinds are not shown.
    func alternativeNames() -> (dnsNames: [String], ipAddresses: [String]) {
        guard let raw = X509_get_ext_d2i(pointer, NID_subject_alt_name, nil, nil) else { return ([], []) }
        let stack = OpenSSLHandle(owning: OpaquePointer(raw)) { GENERAL_NAMES_free($0) }
        return stack.withPointer { stack in
            var dnsNames: [String] = []
            var ipAddresses: [String] = []
            for index in 0..<OPENSSL_sk_num(stack) {
                let name = OPENSSL_sk_value(stack, index).assumingMemoryBound(to: GENERAL_NAME.self).pointee
                switch name.type {
                case GEN_DNS:
                    dnsNames.append(String(decoding: Self.bytes(of: name.d.dNSName), as: UTF8.self))
                case GEN_IPADD:
                    let bytes = Self.bytes(of: name.d.iPAddress)
                    ipAddresses.append(IPAddress(bytes: bytes).map(\.description) ?? Self.hex(bytes))
                default:
                    continue
                }
            }
            return (dnsNames, ipAddresses)
        }
    }

    private static let keyUsageNames: [(bit: Int32, name: String)] = [
        (KU_DIGITAL_SIGNATURE, "digitalSignature"), (KU_NON_REPUDIATION, "nonRepudiation"),
        (KU_KEY_ENCIPHERMENT, "keyEncipherment"), (KU_DATA_ENCIPHERMENT, "dataEncipherment"),
        (KU_KEY_AGREEMENT, "keyAgreement"), (KU_KEY_CERT_SIGN, "keyCertSign"), (KU_CRL_SIGN, "cRLSign"),
        (KU_ENCIPHER_ONLY, "encipherOnly"), (KU_DECIPHER_ONLY, "decipherOnly"),
    ]

    func keyUsage() -> [String] {
        guard X509_get_extension_flags(pointer) & UInt32(EXFLAG_KUSAGE) != 0 else { return [] }
        let bits = X509_get_key_usage(pointer)
        return Self.keyUsageNames.filter { bits & UInt32($0.bit) != 0 }.map(\.name)
    }

    /// Short names ("serverAuth") for usages OpenSSL knows, dotted OIDs for the rest.
    func extendedKeyUsage() -> [String] {
        guard let raw = X509_get_ext_d2i(pointer, NID_ext_key_usage, nil, nil) else { return [] }
        let stack = OpenSSLHandle(owning: OpaquePointer(raw)) { EXTENDED_KEY_USAGE_free($0) }
        return stack.withPointer { stack in
            (0..<OPENSSL_sk_num(stack)).map { index in
                let object = OpaquePointer(OPENSSL_sk_value(stack, index))
                let nid = OBJ_obj2nid(object)
                if nid != NID_undef { return String(cString: OBJ_nid2sn(nid)) }
                var buffer = [CChar](repeating: 0, count: 128)
                let length = OBJ_obj2txt(&buffer, Int32(buffer.count), object, 1)
                return String(decoding: buffer.prefix(Int(max(0, length))).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
        }
    }

    /// A distinguished name in RFC 2253 form ("CN=kvd CA"), UTF-8 kept as is.
    private static func text(of name: OpaquePointer?) throws -> String {
        let bio = try MemoryBIO()
        let flags = kvd_xn_flag_rfc2253() & ~UInt(ASN1_STRFLGS_ESC_MSB)
        guard bio.withPointer({ X509_NAME_print_ex($0, name, 0, flags) }) >= 0 else {
            throw TLSError.openSSL("cannot print a distinguished name")
        }
        return bio.text()
    }

    private static func date(_ time: UnsafePointer<ASN1_TIME>?) throws -> Date {
        var parts = tm()
        guard ASN1_TIME_to_tm(time, &parts) == 1 else { throw TLSError.openSSL("cannot read a certificate time") }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }

    private static func bytes(of string: UnsafePointer<ASN1_STRING>?) -> [UInt8] {
        guard let string, let data = ASN1_STRING_get0_data(string) else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: Int(ASN1_STRING_length(string))))
    }

    private static func bytes(of string: UnsafeMutablePointer<ASN1_STRING>?) -> [UInt8] {
        bytes(of: UnsafePointer(string))
    }

    static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String(format: "%02X", $0) }.joined(separator: ":")
    }
}
