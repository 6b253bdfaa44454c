import CCrypto

/// A private key (an OpenSSL EVP_PKEY). Immutable once made, so sharing it across tasks is safe.
public final class PrivateKey: @unchecked Sendable {
    let pointer: OpaquePointer

    private init(taking pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        EVP_PKEY_free(pointer)
    }

    /// A fresh key from OpenSSL's default random generator.
    public static func generate(_ keyType: KeyType) throws -> PrivateKey {
        let id = switch keyType.parameters {
        case .ec: EVP_PKEY_EC
        case .rsa: EVP_PKEY_RSA
        }
        let context = try OpenSSLHandle(EVP_PKEY_CTX_new_id(id, nil), failing: "cannot start \(keyType.rawValue) key generation") {
            EVP_PKEY_CTX_free($0)
        }
        return try context.withPointer { context in
            guard EVP_PKEY_keygen_init(context) == 1, configure(context, for: keyType) == 1 else {
                throw TLSError.openSSL("cannot set up \(keyType.rawValue) key generation")
            }
            var key: OpaquePointer?
            guard EVP_PKEY_keygen(context, &key) == 1, let key else {
                throw TLSError.openSSL("cannot generate a \(keyType.rawValue) key")
            }
            return PrivateKey(taking: key)
        }
    }

    private static func configure(_ context: OpaquePointer, for keyType: KeyType) -> Int32 {
        switch keyType.parameters {
        case .ec(let curveNID): EVP_PKEY_CTX_set_ec_paramgen_curve_nid(context, curveNID)
        case .rsa(let bits): EVP_PKEY_CTX_set_rsa_keygen_bits(context, bits)
        }
    }

    /// Reads the first private key of PEM text (PKCS#8, or the traditional RSA/EC forms).
    /// Encrypted keys are refused rather than prompting for a passphrase on the terminal.
    public convenience init(pemEncoded text: String) throws {
        let bio = try MemoryBIO(Array(text.utf8))
        // The passphrase callback supplies none, so that OpenSSL fails instead of reading a tty.
        let key = bio.withPointer { PEM_read_bio_PrivateKey($0, nil, { _, _, _, _ in 0 }, nil) }
        guard let key else { throw TLSError.openSSL("not a PEM private key (or an encrypted one)") }
        self.init(taking: key)
    }

    /// The key as unencrypted PKCS#8 PEM ("BEGIN PRIVATE KEY"), which etcd, Go and NIOSSL all read.
    public func pemEncoded() throws -> String {
        let bio = try MemoryBIO()
        let written = bio.withPointer { PEM_write_bio_PrivateKey($0, pointer, nil, nil, 0, nil, nil) }
        guard written == 1 else { throw TLSError.openSSL("cannot encode the private key as PEM") }
        return bio.text()
    }

    /// The key's algorithm, spelled as `--key-type` spells it ("ec-p256", "rsa-2048", ...).
    public var keyTypeName: String {
        KeyType.name(of: pointer)
    }

    var isRSA: Bool {
        EVP_PKEY_get_base_id(pointer) == EVP_PKEY_RSA
    }
}
