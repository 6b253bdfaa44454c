import CCrypto

/// The key algorithms kvcert generates. The raw values are the `--key-type` spellings.
public enum KeyType: String, CaseIterable, Sendable {
    case ecP256 = "ec-p256"
    case ecP384 = "ec-p384"
    case rsa2048 = "rsa-2048"
    case rsa3072 = "rsa-3072"
    case rsa4096 = "rsa-4096"

    /// Parses a `--key-type` value, naming the accepted ones when it is unknown.
    public init(parsing text: String) throws {
        guard let keyType = KeyType(rawValue: text) else {
            let known = KeyType.allCases.map(\.rawValue).joined(separator: ", ")
            throw TLSError("unknown key type '\(text)' (use one of: \(known))")
        }
        self = keyType
    }

    enum Parameters {
        case ec(curveNID: Int32)
        case rsa(bits: Int32)
    }

    var parameters: Parameters {
        switch self {
        case .ecP256: .ec(curveNID: NID_X9_62_prime256v1)
        case .ecP384: .ec(curveNID: NID_secp384r1)
        case .rsa2048: .rsa(bits: 2048)
        case .rsa3072: .rsa(bits: 3072)
        case .rsa4096: .rsa(bits: 4096)
        }
    }

    /// Names any EVP_PKEY the way `--key-type` does, so inspect output reads back as input;
    /// keys kvcert would not make (other curves, other sizes) get a name in the same style.
    static func name(of key: OpaquePointer) -> String {
        switch EVP_PKEY_get_base_id(key) {
        case EVP_PKEY_RSA:
            return "rsa-\(EVP_PKEY_get_bits(key))"
        case EVP_PKEY_EC:
            return curveName(of: key)
        case let id:
            return String(cString: OBJ_nid2sn(id)).lowercased()
        }
    }

    private static func curveName(of key: OpaquePointer) -> String {
        var buffer = [CChar](repeating: 0, count: 80)
        var length = 0
        guard EVP_PKEY_get_group_name(key, &buffer, buffer.count, &length) == 1 else { return "ec-unknown" }
        let group = String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        switch group {
        case "prime256v1", "P-256": return KeyType.ecP256.rawValue
        case "secp384r1", "P-384": return KeyType.ecP384.rawValue
        default: return "ec-\(group)"
        }
    }
}
