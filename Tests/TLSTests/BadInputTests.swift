import Foundation
import Testing

/// Bad input ends kvcert with one line on stderr and exit status 1: never a crash, never
/// a usage dump, never a file written.
@Suite struct BadInputTests {
    @Test func everyMistakeGetsOneClearLine() async throws {
        try await withTemporaryDirectory { directory in
            try Tools.kvcertSucceeding(["ca", "--out", directory])
            try Tools.kvcertSucceeding(["ca", "--out", "\(directory)/other"])
            try "not a certificate\n".write(toFile: "\(directory)/junk.pem", atomically: false, encoding: .utf8)
            let out = "\(directory)/out"
            let issue = ["server", "--name", "n1", "--out", out]
            let ca = ["--ca", "\(directory)/ca.pem", "--ca-key", "\(directory)/ca-key.pem"]
            let cases: [(arguments: [String], message: String)] = [
                (issue + ["--ip", "127.0.0.1", "--ca", "\(directory)/missing.pem", "--ca-key", "\(directory)/ca-key.pem"],
                 "cannot read \(directory)/missing.pem: No such file or directory"),
                (issue + ["--ip", "127.0.0.1", "--ca", "\(directory)/junk.pem", "--ca-key", "\(directory)/ca-key.pem"],
                 "\(directory)/junk.pem: not a PEM certificate"),
                (issue + ["--ip", "127.0.0.1", "--ca", "\(directory)/ca.pem", "--ca-key", "\(directory)/ca.pem"],
                 "\(directory)/ca.pem: not a PEM private key"),
                (issue + ["--ip", "127.0.0.1", "--ca", "\(directory)/ca.pem", "--ca-key", "\(directory)/other/ca-key.pem"],
                 "the CA key does not match the CA certificate"),
                (issue + ["--ip", "10.0.0.256"] + ca, "bad IP address '10.0.0.256'"),
                (issue + ["--dns", "a,IP:1.2.3.4"] + ca, "bad DNS name 'a,IP:1.2.3.4'"),
                (issue + ca, "a server certificate needs at least one IP address or DNS name"),
                (issue + ["--ip", "127.0.0.1", "--key-type", "dsa-1024"] + ca, "unknown key type 'dsa-1024'"),
                (issue + ["--ip", "127.0.0.1", "--days", "0"] + ca, "validity must be 1 to"),
                (["client", "--name", "ca", "--out", out] + ca, "client name 'ca' would replace the ca certificate's files"),
                (["client", "--name", "../alice", "--out", out] + ca, "client name '../alice' cannot be used as a file name"),
                (["ca", "--out", out, "--key-type", "ec-p521"], "unknown key type 'ec-p521'"),
                (["cluster", "--initial-cluster", "n1=https://10.0.0.1", "--out", out], "bad initial cluster: member n1:"),
                (["cluster", "--initial-cluster", "n1", "--out", out], "bad initial cluster: 'n1' is not name=URL"),
                (["inspect", "\(directory)/junk.pem"], "\(directory)/junk.pem: not a PEM certificate"),
                (["inspect", directory], "cannot read \(directory): Is a directory"),
                (["verify", "--ca", "\(directory)/ca.pem", "\(directory)/ca.pem", "--host", "bad_host!"], "bad host 'bad_host!'"),
            ]
            for (arguments, message) in cases {
                let result = try Tools.kvcert(arguments)
                #expect(result.status == 1, "\(arguments): status \(result.status)")
                #expect(result.standardError.hasPrefix("Error: \(message)"), "\(arguments): \(result.standardError)")
                #expect(result.standardError.split(separator: "\n").count == 1, "\(arguments): \(result.standardError)")
            }
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }
}
