import Foundation
import Testing

@Suite struct InspectCommandTests {
    @Test func textAndJSONAgreeWithOpenSSL() async throws {
        try await withTemporaryDirectory { directory in
            try Tools.kvcertSucceeding(["ca", "--out", directory, "--cn", "Inspect CA"])
            try Tools.kvcertSucceeding([
                "server", "--name", "node1", "--ip", "10.1.2.3", "--ip", "::1", "--dns", "node1.example", "--days", "30",
                "--key-type", "rsa-2048", "--ca", "\(directory)/ca.pem", "--ca-key", "\(directory)/ca-key.pem", "--out", directory,
            ])
            let path = "\(directory)/server.pem"
            let serial = try Tools.openssl(["x509", "-in", path, "-noout", "-serial"]).standardOutput  // serial=HEX
            let fingerprint = try Tools.openssl(["x509", "-in", path, "-noout", "-fingerprint", "-sha256"]).standardOutput
            let expectedSerial = colonSeparated(String(serial.split(separator: "=")[1].trimmingCharacters(in: .whitespacesAndNewlines)))
            let expectedFingerprint = String(fingerprint.split(separator: "=")[1].trimmingCharacters(in: .whitespacesAndNewlines))

            let text = try Tools.kvcertSucceeding(["inspect", path]).standardOutput
            for line in [
                "subject:             CN=node1", "issuer:              CN=Inspect CA", "serial:              \(expectedSerial)",
                "CA:                  false", "key type:            rsa-2048", "DNS names:           node1.example",
                "IP addresses:        10.1.2.3, ::1", "key usage:           digitalSignature, keyEncipherment",
                "extended key usage:  serverAuth, clientAuth", "SHA-256 fingerprint: \(expectedFingerprint)",
            ] {
                #expect(text.contains(line + "\n"), "missing '\(line)' in:\n\(text)")
            }

            let json = try Tools.kvcertSucceeding(["inspect", "-w", "json", path]).standardOutput
            #expect(json.split(separator: "\n").count == 1)
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            #expect(object["subject"] as? String == "CN=node1")
            #expect(object["is_ca"] as? Bool == false)
            #expect(object["serial_number"] as? String == expectedSerial)
            #expect(object["sha256_fingerprint"] as? String == expectedFingerprint)
            #expect(object["dns_names"] as? [String] == ["node1.example"])
            #expect(object["ip_addresses"] as? [String] == ["10.1.2.3", "::1"])
            #expect(object["extended_key_usage"] as? [String] == ["serverAuth", "clientAuth"])
            #expect(object["key_type"] as? String == "rsa-2048")
            let notBefore = try #require(date(object["not_before"]))
            let notAfter = try #require(date(object["not_after"]))
            #expect(notAfter.timeIntervalSince(notBefore) == 30 * 86_400 + 300)
        }
    }

    @Test func showsTheCAFlag() async throws {
        try await withTemporaryDirectory { directory in
            try Tools.kvcertSucceeding(["ca", "--out", directory])
            let json = try Tools.kvcertSucceeding(["inspect", "--write-out", "json", "\(directory)/ca.pem"]).standardOutput
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            #expect(object["is_ca"] as? Bool == true)
            #expect(object["key_usage"] as? [String] == ["keyCertSign", "cRLSign"])
            #expect(object["subject"] as? String == "CN=kvd CA")
            #expect(object["subject_key_identifier"] as? String == object["authority_key_identifier"] as? String)
        }
    }

    private func colonSeparated(_ hex: String) -> String {
        stride(from: 0, to: hex.count, by: 2).map { offset in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return String(hex[start..<hex.index(start, offsetBy: 2)])
        }.joined(separator: ":")
    }

    private func date(_ value: Any?) -> Date? {
        (value as? String).flatMap { try? Date($0, strategy: .iso8601) }
    }
}
