import Foundation
import Testing

@Suite struct OverwriteTests {
    @Test func refusesToReplaceWithoutForceAndChecksEveryFileFirst() async throws {
        try await withTemporaryDirectory { directory in
            try Tools.kvcertSucceeding(["ca", "--out", directory])
            let ca = try contents("\(directory)/ca.pem")

            let again = try Tools.kvcert(["ca", "--out", directory])
            #expect(again.status == 1)
            #expect(again.standardError == "Error: refusing to overwrite \(directory)/ca.pem (use --force to replace it)\n")
            #expect(try contents("\(directory)/ca.pem") == ca)

            // Only the key exists: the certificate must not be written either.
            let out = "\(directory)/member"
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            try "old key".write(toFile: "\(out)/server-key.pem", atomically: false, encoding: .utf8)
            let server = try Tools.kvcert(issue("server", directory: directory, out: out))
            #expect(server.status == 1)
            #expect(server.standardError.contains("refusing to overwrite \(out)/server-key.pem"))
            #expect(!FileManager.default.fileExists(atPath: "\(out)/server.pem"))
            #expect(try contents("\(out)/server-key.pem") == "old key")
        }
    }

    @Test func forceReplacesAndKeepsKeysPrivate() async throws {
        try await withTemporaryDirectory { directory in
            try Tools.kvcertSucceeding(["ca", "--out", directory])
            let ca = try contents("\(directory)/ca.pem")
            let out = "\(directory)/member"
            try Tools.kvcertSucceeding(issue("server", directory: directory, out: out))
            let key = try contents("\(out)/server-key.pem")
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: "\(out)/server-key.pem")

            try Tools.kvcertSucceeding(issue("server", directory: directory, out: out) + ["--force"])
            #expect(try contents("\(out)/server-key.pem") != key)
            #expect(try fileMode("\(out)/server-key.pem") == 0o600)

            try Tools.kvcertSucceeding(["ca", "--out", directory, "--force"])
            #expect(try contents("\(directory)/ca.pem") != ca)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: out).filter { $0.contains(".tmp") }
            #expect(leftovers.isEmpty)
        }
    }

    private func issue(_ profile: String, directory: String, out: String) -> [String] {
        [profile, "--name", "n1", "--ip", "127.0.0.1", "--ca", "\(directory)/ca.pem", "--ca-key", "\(directory)/ca-key.pem", "--out", out]
    }
}
