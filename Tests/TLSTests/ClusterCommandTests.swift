import Foundation
import Testing

@Suite struct ClusterCommandTests {
    static let initialCluster = [
        "n1=https://10.0.0.1:2380", "n2=https://node2.example:2380", "n3=https://[fd00::3]:2380", "n1=https://n1.example:2381",
    ].joined(separator: ",")

    @Test func writesOneFolderPerMemberWithNamesFromTheURLs() async throws {
        try await withTemporaryDirectory { directory in
            let out = "\(directory)/certs"
            try Tools.kvcertSucceeding([
                "cluster", "--initial-cluster", Self.initialCluster, "--ip", "127.0.0.1", "--dns", "etcd.example", "--out", out,
            ])
            let memberFiles = ["ca.pem", "peer-key.pem", "peer.pem", "server-key.pem", "server.pem"]
            #expect(try FileManager.default.contentsOfDirectory(atPath: out).sorted() == ["ca-key.pem", "ca.pem", "n1", "n2", "n3"])
            for member in ["n1", "n2", "n3"] {
                let folder = "\(out)/\(member)"
                #expect(try FileManager.default.contentsOfDirectory(atPath: folder).sorted() == memberFiles)
                #expect(try contents("\(folder)/ca.pem") == contents("\(out)/ca.pem"))
                #expect(try fileMode("\(folder)/server-key.pem") == 0o600)
                #expect(try fileMode("\(folder)/peer-key.pem") == 0o600)
                for certificate in ["server", "peer"] {
                    let path = "\(folder)/\(certificate).pem"
                    let verified = try Tools.openssl(["verify", "-CAfile", "\(folder)/ca.pem", path])
                    #expect(verified.succeeded, "\(path): \(verified.standardError)")
                    let text = try Tools.certificateText(path)
                    #expect(text.contains("Subject: CN = \(member)"))
                    #expect(text.line(after: "X509v3 Subject Alternative Name") == Self.expectedNames[member], "\(path)")
                    #expect(text.line(after: "X509v3 Extended Key Usage") == "TLS Web Server Authentication, TLS Web Client Authentication")
                }
            }
        }
    }

    /// URL hosts first (IP or DNS as they are), then the extras; OpenSSL lists DNS before IP.
    static let expectedNames = [
        "n1": "DNS:n1.example, DNS:etcd.example, IP Address:10.0.0.1, IP Address:127.0.0.1",
        "n2": "DNS:node2.example, DNS:etcd.example, IP Address:127.0.0.1",
        "n3": "DNS:etcd.example, IP Address:FD00:0:0:0:0:0:0:3, IP Address:127.0.0.1",
    ]

    @Test func refusesBeforeWritingAnythingWhenOneFileExists() async throws {
        try await withTemporaryDirectory { directory in
            try FileManager.default.createDirectory(atPath: "\(directory)/n2", withIntermediateDirectories: true)
            try "keep".write(toFile: "\(directory)/n2/peer.pem", atomically: false, encoding: .utf8)
            let result = try Tools.kvcert(["cluster", "--initial-cluster", Self.initialCluster, "--out", directory])
            #expect(result.status == 1)
            #expect(result.standardError.contains("refusing to overwrite \(directory)/n2/peer.pem"))
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory).sorted() == ["n2"])
        }
    }
}
