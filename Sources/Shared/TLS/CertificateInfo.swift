import Foundation

/// What `kvcert inspect` shows about a certificate: a plain value, so printing it in either
/// format is a pure function.
public struct CertificateInfo: Equatable, Sendable, Codable {
    public var version: Int
    public var subject: String
    public var issuer: String
    /// Colon-separated upper-case hex, as `openssl x509 -text` prints it.
    public var serialNumber: String
    public var isCA: Bool
    public var keyType: String
    public var signatureAlgorithm: String
    public var notBefore: Date
    public var notAfter: Date
    public var dnsNames: [String]
    public var ipAddresses: [String]
    public var keyUsage: [String]
    public var extendedKeyUsage: [String]
    public var subjectKeyIdentifier: String?
    public var authorityKeyIdentifier: String?
    public var sha256Fingerprint: String

    /// One "label: value" line per field, labels aligned.
    public func text() -> String {
        let rows: [(String, String)] = [
            ("subject", subject),
            ("issuer", issuer),
            ("serial", serialNumber),
            ("version", String(version)),
            ("CA", isCA ? "true" : "false"),
            ("key type", keyType),
            ("signature", signatureAlgorithm),
            ("not before", Self.timestamp(notBefore)),
            ("not after", Self.timestamp(notAfter)),
            ("DNS names", dnsNames.joined(separator: ", ")),
            ("IP addresses", ipAddresses.joined(separator: ", ")),
            ("key usage", keyUsage.joined(separator: ", ")),
            ("extended key usage", extendedKeyUsage.joined(separator: ", ")),
            ("subject key id", subjectKeyIdentifier ?? ""),
            ("authority key id", authorityKeyIdentifier ?? ""),
            ("SHA-256 fingerprint", sha256Fingerprint),
        ]
        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { label, value in
            "\(label):".padding(toLength: width + 2, withPad: " ", startingAt: 0) + value
        }.joined(separator: "\n")
    }

    /// One JSON object on one line, snake_case keys, RFC 3339 times.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
