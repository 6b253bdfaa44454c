import Foundation
import TestSupport
import Testing

extension Integration {
/// kvctl against kvd serving TLS: mutual TLS from `kvcert` files (flags and environment), the
/// clients that must be refused, and `--insecure-skip-tls-verify` against `--auto-tls`.
@Suite struct KvctlTLSTests {
    private func withMutualTLSCluster(_ body: (ProcessCluster, TLSClusterTests.PKI) throws -> Void) throws {
        let pki = try TLSClusterTests.PKI(size: 3)
        defer { pki.remove() }
        let cluster = try ProcessCluster(.kvd, size: 3, scheme: "https", memberFlags: { pki.memberFlags($0) },
                                         clientFlags: pki.clientFlags())
        defer { cluster.stop() }
        try body(cluster, pki)
    }

    @Test func kvctlUsesAMutualTLSClusterWithCacertCertAndKey() throws {
        try withMutualTLSCluster { cluster, pki in
            // kvctl takes etcdctl's flag names, so the same flags serve both.
            let tls = pki.clientFlags()
            let put = try Kvctl.run(tls + ["put", "secure", "yes"], endpoints: cluster.endpoints)
            #expect(put.status == 0 && put.stdout == "OK\n", "\(put)\n\(cluster.logs())")
            for member in cluster.members {
                let get = try Kvctl.run(tls + ["get", "secure", "--print-value-only"], endpoints: member.clientURL)
                #expect(get.stdout == "yes\n", "\(member.name): \(get)")
            }

            // The same answers as etcdctl gives, with ids and timings masked.
            for arguments in [["get", "secure", "-w", "json"], ["endpoint", "health", "--cluster"], ["member", "list"]] {
                let expected = try Etcdctl.run(tls + arguments, endpoints: cluster.endpoints)
                let actual = try Kvctl.run(tls + arguments, endpoints: cluster.endpoints)
                #expect(actual.status == 0 && actual.status == expected.status, "\(arguments): \(actual)")
                #expect(Normalize.output(actual.stdout, sortingLines: true) == Normalize.output(expected.stdout, sortingLines: true),
                        "\(arguments): kvctl printed:\n\(actual.stdout)\netcdctl printed:\n\(expected.stdout)")
                #expect(Normalize.output(actual.stderr, sortingLines: true) == Normalize.output(expected.stderr, sortingLines: true),
                        "\(arguments): kvctl:\n\(actual.stderr)\netcdctl:\n\(expected.stderr)")
            }

            // Endpoints without a scheme use TLS once a TLS flag is given; the files may come
            // from the environment, KVCTL_ before ETCDCTL_.
            let bare = cluster.members.map { "127.0.0.1:\($0.clientPort)" }.joined(separator: ",")
            let environment = ["ETCDCTL_CACERT": "\(pki.root.path)/ca.pem", "KVCTL_CERT": "\(pki.root.path)/client/root.pem",
                               "ETCDCTL_CERT": "/nonexistent.pem", "KVCTL_KEY": "\(pki.root.path)/client/root-key.pem"]
            let fromEnvironment = try runCommand(Binaries.kvctl, ["--endpoints", bare, "get", "secure", "--print-value-only"],
                                                 environment: Kvctl.environment.merging(environment) { $1 })
            #expect(fromEnvironment.status == 0 && fromEnvironment.stdout == "yes\n", "\(fromEnvironment)")

            // A watch stream over TLS.
            let watch = try ClientStream.kvctl(tls + ["watch", "secure"], endpoints: cluster.members[1].clientURL)
            defer { watch.stop() }
            for attempt in 0..<20 where !watch.output.contains("second") {
                _ = try Kvctl.run(tls + ["put", "secure", "second"], endpoints: cluster.endpoints)
                watch.waitForOutput(seconds: 0.5 + Double(attempt) * 0.1) { $0.contains("second") }
            }
            #expect(watch.output.hasPrefix("PUT\nsecure\nsecond\n"), "\(watch.output)\(watch.errors)")
        }
    }

    /// Without a certificate the cluster trusts, or without TLS, kvctl gets nothing through:
    /// exit 2 (bad connection) and one line naming the endpoint and the TLS failure.
    @Test func clientsWithoutATrustedCertificateAreRefused() throws {
        try withMutualTLSCluster { cluster, pki in
            let member = cluster.members[0]
            let address = "127.0.0.1:\(member.clientPort)"
            let ca = "\(pki.root.path)/ca.pem"
            let cases: [(name: String, flags: [String], endpoint: String, reason: String)] = [
                ("no client certificate", ["--cacert", ca], member.clientURL, "CERTIFICATE_REQUIRED"),
                ("a certificate from another CA", ["--cacert", ca, "--cert", "\(pki.root.path)/rogue/client/root.pem",
                                                    "--key", "\(pki.root.path)/rogue/client/root-key.pem"], member.clientURL, "UNKNOWN_CA"),
                ("the server's certificate not trusted", ["--cert", "\(pki.root.path)/client/root.pem",
                                                          "--key", "\(pki.root.path)/client/root-key.pem"],
                 member.clientURL, "CERTIFICATE_VERIFY_FAILED"),
                ("plaintext", [], "http://\(address)", ""),
            ]
            for refused in cases {
                let result = try Kvctl.run(refused.flags + ["put", "k", "v"], endpoints: refused.endpoint)
                #expect(result.status == 2, "\(refused.name): \(result)")
                #expect(result.stderr.hasPrefix("Error: no endpoint could be reached: \(address): "), "\(refused.name): \(result.stderr)")
                #expect(result.stderr.split(separator: "\n").count == 1, "\(refused.name): \(result.stderr)")
                #expect(refused.reason.isEmpty || result.stderr.contains(refused.reason), "\(refused.name): \(result.stderr)")
            }
            let get = try Kvctl.run(pki.clientFlags() + ["get", "k"], endpoints: member.clientURL)
            #expect(get.status == 0 && get.stdout.isEmpty, "something got through: \(get)")
        }
    }

    /// TLS files that cannot be used are bad arguments (128), in etcdctl's words.
    @Test func unusableTLSFilesAreBadArguments() throws {
        let pki = try TLSClusterTests.PKI(size: 1)
        defer { pki.remove() }
        let endpoint = "https://127.0.0.1:\(try freePort())"
        let ca = "\(pki.root.path)/ca.pem"
        let certificate = "\(pki.root.path)/client/root.pem"
        let key = "\(pki.root.path)/client/root-key.pem"
        let cases: [([String], String)] = [
            (["--cacert", "/nonexistent/ca.pem"], "Error: open /nonexistent/ca.pem: no such file or directory\n"),
            (["--cacert", ca, "--cert", certificate], "Error: KeyFile and CertFile must both be present[key: , cert: \(certificate)]\n"),
            (["--cacert", ca, "--key", key], "Error: KeyFile and CertFile must both be present[key: \(key), cert: ]\n"),
        ]
        for (flags, message) in cases {
            let kvctl = try Kvctl.run(flags + ["get", "k"], endpoints: endpoint)
            let etcdctl = try Etcdctl.run(flags + ["get", "k"], endpoints: endpoint)
            #expect(kvctl.status == 128 && kvctl.status == etcdctl.status, "\(flags): \(kvctl)")
            #expect(kvctl.stderr == message && etcdctl.stderr == message, "\(flags): kvctl \(kvctl.stderr) etcdctl \(etcdctl.stderr)")
        }
        let switched = try Kvctl.run(["--cacert", ca, "--cert", key, "--key", key, "get", "k"], endpoints: endpoint)
        #expect(switched.status == 128 && switched.stderr.hasPrefix("Error: ") && switched.stderr.split(separator: "\n").count == 1,
                "\(switched)")
    }

    /// `--auto-tls` members present self-signed certificates: kvctl gets through only when told
    /// to skip verification (with or without the https scheme, the flag asks for TLS).
    @Test func insecureSkipTLSVerifyAcceptsAutoTLSCertificates() throws {
        let cluster = try ProcessCluster(.kvd, size: 1, flags: ["--auto-tls", "--peer-auto-tls"], scheme: "https",
                                         clientFlags: ["--insecure-transport=false", "--insecure-skip-tls-verify"])
        defer { cluster.stop() }
        let member = cluster.members[0]
        let put = try Kvctl.run(["--insecure-skip-tls-verify", "put", "auto", "tls"], endpoints: member.clientURL)
        #expect(put.status == 0 && put.stdout == "OK\n", "\(put)")
        let bare = try Kvctl.run(["--insecure-skip-tls-verify", "get", "auto", "--print-value-only"],
                                 endpoints: "127.0.0.1:\(member.clientPort)")
        #expect(bare.status == 0 && bare.stdout == "tls\n", "\(bare)")
        let fromEnvironment = try runCommand(Binaries.kvctl, ["--endpoints", member.clientURL, "get", "auto", "--print-value-only"],
                                             environment: Kvctl.environment.merging(["ETCDCTL_INSECURE_SKIP_TLS_VERIFY": "true"]) { $1 })
        #expect(fromEnvironment.status == 0 && fromEnvironment.stdout == "tls\n", "\(fromEnvironment)")
        // etcdctl's --insecure-transport=false asks for TLS with no other TLS flag.
        let forced = try Kvctl.run(["--insecure-transport=false", "get", "auto"], endpoints: "127.0.0.1:\(member.clientPort)")
        #expect(forced.status == 2 && forced.stderr.contains("CERTIFICATE_VERIFY_FAILED"), "\(forced)")
        let plaintext = try Kvctl.run(["get", "auto"], endpoints: "127.0.0.1:\(member.clientPort)")
        #expect(plaintext.status == 2 && !plaintext.stderr.contains("CERTIFICATE"), "\(plaintext)")
        let verified = try Kvctl.run(["put", "auto", "refused"], endpoints: member.clientURL)
        #expect(verified.status == 2 && verified.stderr.contains("CERTIFICATE_VERIFY_FAILED"), "a self-signed certificate was trusted: \(verified)")
    }
}
}
