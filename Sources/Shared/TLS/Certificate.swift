import CCrypto

/// An X.509 certificate (an OpenSSL X509). Immutable once built or parsed, and OpenSSL 3 reads
/// certificates from several threads safely, so sharing it across tasks is safe.
public final class Certificate: @unchecked Sendable {
    let pointer: OpaquePointer

    init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        X509_free(pointer)
    }

    /// Reads the first certificate of PEM text.
    public convenience init(pemEncoded text: String) throws {
        let bio = try MemoryBIO(Array(text.utf8))
        let certificate = bio.withPointer { PEM_read_bio_X509($0, nil, nil, nil) }
        guard let certificate else { throw TLSError.openSSL("not a PEM certificate") }
        self.init(taking: certificate)
    }

    /// Every certificate in PEM text (a CA bundle), in order; none is an error.
    public static func all(pemEncoded text: String) throws -> [Certificate] {
        let bio = try MemoryBIO(Array(text.utf8))
        var certificates: [Certificate] = []
        for _ in 0..<Self.bundleCountMax {
            guard let next = bio.withPointer({ PEM_read_bio_X509($0, nil, nil, nil) }) else { break }
            certificates.append(Certificate(taking: next))
        }
        // Reading stops at the end of the text with a "no start line" entry; it is not news.
        ERR_clear_error()
        guard !certificates.isEmpty else { throw TLSError("not a PEM certificate") }
        return certificates
    }

    /// Far above any real CA bundle (Debian's has about 150).
    static let bundleCountMax = 4_096

    public func pemEncoded() throws -> String {
        let bio = try MemoryBIO()
        guard bio.withPointer({ PEM_write_bio_X509($0, pointer) }) == 1 else {
            throw TLSError.openSSL("cannot encode the certificate as PEM")
        }
        return bio.text()
    }

    /// Whether `key` is the private half of this certificate's public key.
    public func isCertifying(_ key: PrivateKey) -> Bool {
        guard let publicKey = X509_get0_pubkey(pointer) else { return false }
        return EVP_PKEY_eq(publicKey, key.pointer) == 1
    }

    /// Whether basicConstraints marks this certificate as a CA.
    public var isCA: Bool {
        X509_get_extension_flags(pointer) & UInt32(EXFLAG_CA) != 0
    }
}
