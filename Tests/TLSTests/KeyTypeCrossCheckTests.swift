import Foundation
import Testing
@testable import TLS

/// For every key type: kvcert makes a CA and a server, a peer and a client certificate, and
/// OpenSSL's own command line checks what it made.
@Suite struct KeyTypeCrossCheckTests {
    @Test(arguments: KeyType.allCases)
    func allProfilesPassOpenSSLChecks(keyType: KeyType) async throws {
        try await withTemporaryDirectory { directory in
            try makeAll(keyType, in: directory)
            let ca = try Tools.certificateText("\(directory)/ca.pem")
            try checkCommon(ca, keyType: keyType)
            #expect(ca.line(after: "X509v3 Basic Constraints: critical") == "CA:TRUE")
            #expect(ca.line(after: "X509v3 Key Usage: critical") == "Certificate Sign, CRL Sign")
            #expect(!ca.contains("Extended Key Usage"))
            #expect(ca.line(after: "Subject Key Identifier") == ca.line(after: "Authority Key Identifier"))
            let caKeyIdentifier = try #require(ca.line(after: "Subject Key Identifier"))

            let leafKeyUsage = keyType.rawValue.hasPrefix("rsa") ? "Digital Signature, Key Encipherment" : "Digital Signature"
            let bothUsages = "TLS Web Server Authentication, TLS Web Client Authentication"
            let memberNames = "DNS:localhost, DNS:node1.example, IP Address:127.0.0.1"
            let cases: [(file: String, usage: String, names: String)] = [
                ("server", bothUsages, memberNames),
                ("peer", bothUsages, memberNames),
                ("alice", "TLS Web Client Authentication", "DNS:alice.example"),
            ]
            for (file, usage, names) in cases {
                let path = "\(directory)/\(file).pem"
                let verified = try Tools.openssl(["verify", "-CAfile", "\(directory)/ca.pem", path])
                #expect(verified.succeeded && verified.standardOutput.contains("OK"), "\(file): \(verified.standardError)")
                let text = try Tools.certificateText(path)
                try checkCommon(text, keyType: keyType)
                #expect(text.line(after: "X509v3 Basic Constraints: critical") == "CA:FALSE")
                #expect(text.line(after: "X509v3 Key Usage: critical") == leafKeyUsage)
                #expect(text.line(after: "X509v3 Extended Key Usage") == usage, "\(file)")
                #expect(text.line(after: "X509v3 Subject Alternative Name") == names, "\(file)")
                #expect(text.line(after: "Authority Key Identifier") == caKeyIdentifier)
                #expect(text.line(after: "Subject Key Identifier") != caKeyIdentifier)
            }
            #expect(try Tools.certificateText("\(directory)/alice.pem").contains("Subject: CN = alice"))
            for stem in ["ca", "server", "peer", "alice"] {
                try checkKey("\(directory)/\(stem)-key.pem", certificate: "\(directory)/\(stem).pem")
            }
        }
    }

    private func makeAll(_ keyType: KeyType, in directory: String) throws {
        let common = ["--out", directory, "--key-type", keyType.rawValue]
        try Tools.kvcertSucceeding(["ca", "--cn", "Test CA"] + common)
        let issuing = ["--ca", "\(directory)/ca.pem", "--ca-key", "\(directory)/ca-key.pem"] + common
        let memberNames = ["--ip", "127.0.0.1", "--dns", "localhost", "--dns", "node1.example"]
        try Tools.kvcertSucceeding(["server", "--name", "node1"] + memberNames + issuing)
        try Tools.kvcertSucceeding(["peer", "--name", "node1"] + memberNames + issuing)
        try Tools.kvcertSucceeding(["client", "--name", "alice", "--dns", "alice.example"] + issuing)
    }

    /// What every certificate kvcert makes shares: version, signature, serial, key, identifiers.
    private func checkCommon(_ text: String, keyType: KeyType) throws {
        #expect(text.contains("Version: 3 (0x2)"))
        let signature = keyType.rawValue.hasPrefix("rsa") ? "sha256WithRSAEncryption" : "ecdsa-with-SHA256"
        #expect(text.contains("Signature Algorithm: \(signature)"))
        let serial = try #require(text.line(after: "Serial Number:"))
        #expect(serial.split(separator: ":").count == SerialNumber.byteCount, "serial \(serial)")
        let bits = switch keyType {
        case .ecP256: 256
        case .ecP384: 384
        case .rsa2048: 2048
        case .rsa3072: 3072
        case .rsa4096: 4096
        }
        #expect(text.contains("Public-Key: (\(bits) bit)"))
        #expect(text.contains("X509v3 Subject Key Identifier"))
        #expect(text.contains("X509v3 Authority Key Identifier"))
    }

    /// The key file is private (0600), sound, and the private half of the certificate's key.
    private func checkKey(_ keyPath: String, certificate: String) throws {
        #expect(try fileMode(keyPath) == 0o600, "\(keyPath)")
        #expect(try fileMode(certificate) == 0o644, "\(certificate)")
        let check = try Tools.openssl(["pkey", "-in", keyPath, "-check", "-noout"])
        #expect(check.succeeded, "\(keyPath): \(check.standardError)")
        let fromKey = try Tools.openssl(["pkey", "-in", keyPath, "-pubout"])
        let fromCertificate = try Tools.openssl(["x509", "-in", certificate, "-noout", "-pubkey"])
        #expect(fromKey.succeeded && fromCertificate.succeeded)
        #expect(!fromKey.standardOutput.isEmpty && fromKey.standardOutput == fromCertificate.standardOutput, "\(keyPath)")
    }
}
