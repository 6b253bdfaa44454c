import Foundation
import TestSupport
import Testing

extension Integration {
/// kvd with client and peer mutual TLS from `kvcert cluster` files, configured the way the
/// systemd unit does it (an environment file, no arguments), driven by the real etcdctl.
@Suite struct TLSClusterTests {
    /// `kvcert cluster` output for members m0…m2 on 127.0.0.1 plus a client certificate, and
    /// (under `rogue/`) the same made by another CA.
    struct PKI {
        let root: URL

        init(size: Int) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("kvd-pki-\(UUID().uuidString)")
            // Certificates name hosts, not ports: any port makes the same SANs.
            let cluster = (0..<size).map { "m\($0)=https://127.0.0.1:\(2380 + $0)" }.joined(separator: ",")
            for folder in [root.path, "\(root.path)/rogue"] {
                try Self.kvcert(["cluster", "--initial-cluster", cluster, "--out", folder])
                try Self.kvcert(["client", "--name", "root", "--ca", "\(folder)/ca.pem", "--ca-key", "\(folder)/ca-key.pem",
                                 "--out", "\(folder)/client"])
            }
        }

        static func kvcert(_ arguments: [String]) throws {
            let result = try runCommand(Binaries.kvcert, arguments)
            guard result.status == 0 else { throw IntegrationFailure("kvcert \(arguments): \(result.stderr)") }
        }

        /// The flags of the seed's TLS cluster, for one member.
        func memberFlags(_ name: String, authority: String = "") -> [String] {
            let folder = "\(root.path)\(authority)/\(name)"
            return ["--cert-file", "\(folder)/server.pem", "--key-file", "\(folder)/server-key.pem",
                    "--trusted-ca-file", "\(folder)/ca.pem", "--client-cert-auth",
                    "--peer-cert-file", "\(folder)/peer.pem", "--peer-key-file", "\(folder)/peer-key.pem",
                    "--peer-trusted-ca-file", "\(folder)/ca.pem", "--peer-client-cert-auth"]
        }

        func clientFlags(authority: String = "") -> [String] {
            let folder = "\(root.path)\(authority)"
            return ["--cacert", "\(folder)/ca.pem", "--cert", "\(folder)/client/root.pem", "--key", "\(folder)/client/root-key.pem"]
        }

        func remove() { try? FileManager.default.removeItem(at: root) }
    }

    private func withTLSCluster(_ body: (ProcessCluster, PKI) throws -> Void) throws {
        let pki = try PKI(size: 3)
        defer { pki.remove() }
        let cluster = try ProcessCluster(.kvd, size: 3, scheme: "https", configuration: .environmentFile,
                                         memberFlags: { pki.memberFlags($0) }, clientFlags: pki.clientFlags())
        defer { cluster.stop() }
        try body(cluster, pki)
    }

    @Test func etcdctlUsesAMutualTLSClusterBuiltFromKvcertFiles() throws {
        try withTLSCluster { cluster, pki in
            let tls = pki.clientFlags()
            let health = try Etcdctl.run(tls + ["endpoint", "health", "--cluster"], endpoints: cluster.members[0].clientURL)
            #expect(health.status == 0, "\(health.stderr)\n\(cluster.logs())")
            // etcdctl 3.4 prints the health lines to stderr.
            let healthy = health.stderr.split(separator: "\n").filter { $0.contains("https://127.0.0.1:") && $0.contains("is healthy") }
            #expect(healthy.count == 3, "\(health.stdout)\(health.stderr)")

            #expect(try Etcdctl.run(tls + ["put", "secure", "yes"], endpoints: cluster.endpoints).stdout == "OK\n")
            for member in cluster.members {
                let value = try Etcdctl.run(tls + ["get", "secure", "--print-value-only"], endpoints: member.clientURL)
                #expect(value.stdout == "yes\n", "\(member.name): \(value.stderr)")
            }

            // A follower forwards keep-alives to the leader over https with its own certificate.
            let grant = try Etcdctl.run(tls + ["lease", "grant", "60"], endpoints: cluster.members[0].clientURL)
            let lease = try #require(grant.stdout.firstMatch(of: /lease ([0-9a-f]+) granted/)).1
            for member in cluster.members {
                let kept = try Etcdctl.run(tls + ["lease", "keep-alive", "--once", String(lease)], endpoints: member.clientURL)
                #expect(kept.status == 0 && kept.stdout.contains("keepalived with TTL"), "\(member.name): \(kept.stdout) \(kept.stderr)")
            }
        }
    }

    @Test func clientsWithoutATrustedCertificateAreRefused() throws {
        try withTLSCluster { cluster, pki in
            let endpoint = cluster.members[0].clientURL
            let ca = "\(pki.root.path)/ca.pem"
            let noCertificate = try Etcdctl.run(["--cacert", ca, "put", "k", "v"], endpoints: endpoint)
            #expect(noCertificate.status != 0)
            let otherCA = try Etcdctl.run(["--cacert", ca, "--cert", "\(pki.root.path)/rogue/client/root.pem",
                                           "--key", "\(pki.root.path)/rogue/client/root-key.pem", "put", "k", "v"],
                                          endpoints: endpoint)
            #expect(otherCA.status != 0)
            let plaintext = try Etcdctl.run(["put", "k", "v"], endpoints: endpoint.replacingOccurrences(of: "https", with: "http"))
            #expect(plaintext.status != 0)
            let get = try Etcdctl.run(pki.clientFlags() + ["get", "k"], endpoints: endpoint)
            #expect(get.status == 0 && get.stdout.isEmpty, "nothing got through: \(get.stdout)")
        }
    }

    /// As etcd 3.4's: naming a trusted CA is enough to demand client certificates it signed,
    /// with or without --client-cert-auth.
    @Test func aTrustedCAAloneRequiresClientCertificates() throws {
        let pki = try PKI(size: 1)
        defer { pki.remove() }
        let cluster = try ProcessCluster(.kvd, size: 1, scheme: "https", memberFlags: {
            pki.memberFlags($0).filter { $0 != "--client-cert-auth" && $0 != "--peer-client-cert-auth" }
        }, clientFlags: pki.clientFlags())
        defer { cluster.stop() }
        let endpoint = cluster.members[0].clientURL
        let noCertificate = try Etcdctl.run(["--cacert", "\(pki.root.path)/ca.pem", "put", "k", "v"], endpoints: endpoint)
        #expect(noCertificate.status != 0, "a client without a certificate got in: \(noCertificate.stdout)")
        let trusted = try Etcdctl.run(pki.clientFlags() + ["put", "k", "v"], endpoints: endpoint)
        #expect(trusted.status == 0, "\(trusted.stderr)\n\(cluster.logs())")
    }

    /// A member with certificates from another CA, in the place of m2, is refused by the
    /// others (and they log it): it never hears from the cluster and gets none of its data.
    /// The rogue trusts the cluster's CA as well as its own, so the handshake it starts fails
    /// on the members' side, through --peer-client-cert-auth, not on its own.
    @Test func aRogueMemberWithItsOwnCACannotJoin() throws {
        try withTLSCluster { cluster, pki in
            cluster.terminate(2)
            let member = cluster.members[2]
            let bundle = "\(pki.root.path)/rogue/both-cas.pem"
            let cas = try ["\(pki.root.path)/rogue/ca.pem", "\(pki.root.path)/ca.pem"]
                .map { try String(contentsOfFile: $0, encoding: .utf8) }.joined()
            try cas.write(toFile: bundle, atomically: true, encoding: .utf8)
            let rogueFlags = pki.memberFlags(member.name, authority: "/rogue").map {
                $0 == "\(pki.root.path)/rogue/\(member.name)/ca.pem" ? bundle : $0
            }
            let rogueData = cluster.root.appendingPathComponent("rogue.data")
            let rogueLog = cluster.root.appendingPathComponent("rogue.log")
            guard FileManager.default.createFile(atPath: rogueLog.path, contents: nil) else {
                throw IntegrationFailure("cannot create \(rogueLog.path)")
            }
            let rogue = Process()
            rogue.executableURL = Binaries.kvd
            rogue.arguments = [
                "--name", member.name, "--data-dir", rogueData.path,
                "--listen-client-urls", member.clientURL, "--advertise-client-urls", member.clientURL,
                "--listen-peer-urls", member.peerURL, "--initial-advertise-peer-urls", member.peerURL,
                "--initial-cluster", cluster.initialCluster, "--initial-cluster-token", "it-cluster",
            ] + rogueFlags
            let log = try FileHandle(forWritingTo: rogueLog)
            rogue.standardOutput = log
            rogue.standardError = log
            try launching { try rogue.run() }
            defer {
                rogue.terminate()
                rogue.waitUntilExit()
            }

            let tls = pki.clientFlags()
            let survivors = cluster.members.prefix(2).map(\.clientURL).joined(separator: ",")
            // m2 may have led: the others elect a new leader first.
            try cluster.waitUntilServing()
            let put = try Etcdctl.run(tls + ["put", "only-for-members", "x"], endpoints: survivors)
            #expect(put.status == 0, "\(put.stderr)\n\(cluster.logs())")

            // Bounded: the rogue dials every member at least once a second.
            var rejected = false
            for _ in 0..<50 where !rejected {
                rejected = cluster.logs().contains("rejected peer connection from 127.0.0.1:")
                if !rejected { Thread.sleep(forTimeInterval: 0.2) }
            }
            #expect(rejected, "no member logged the rogue's refusal\n\(cluster.logs())\n--- rogue\n\((try? String(contentsOf: rogueLog, encoding: .utf8)) ?? "")")
            let local = try Etcdctl.run(pki.clientFlags(authority: "/rogue") + ["get", "only-for-members", "--consistency", "s"],
                                        endpoints: member.clientURL)
            #expect(local.stdout.isEmpty, "the rogue got the cluster's data: \(local.stdout)")
            let list = try Etcdctl.run(tls + ["member", "list"], endpoints: survivors)
            #expect(list.stdout.split(separator: "\n").count == 3, "\(list.stdout)")
        }
    }

    /// kvcert writes a new server certificate over the old one; the next connection gets it.
    @Test func aRotatedServerCertificateIsServedWithoutRestart() throws {
        try withTLSCluster { cluster, pki in
            let member = cluster.members[0]
            let folder = "\(pki.root.path)/m0"
            let before = try servedFingerprint(port: member.clientPort, pki: pki)
            #expect(before == (try fileFingerprint("\(folder)/server.pem")))

            try PKI.kvcert(["server", "--name", "m0", "--ip", "127.0.0.1", "--ca", "\(pki.root.path)/ca.pem",
                            "--ca-key", "\(pki.root.path)/ca-key.pem", "--out", folder, "--force"])
            let rotated = try fileFingerprint("\(folder)/server.pem")
            #expect(rotated != before)
            var served = before
            for _ in 0..<30 where served != rotated {
                Thread.sleep(forTimeInterval: 0.5)
                served = try servedFingerprint(port: member.clientPort, pki: pki)
            }
            #expect(served == rotated, "still serving the old certificate\n\(cluster.logs())")
            let get = try Etcdctl.run(pki.clientFlags() + ["put", "after-rotation", "ok"], endpoints: member.clientURL)
            #expect(get.status == 0, "\(get.stderr)")
            #expect(cluster.logs().contains("reloaded the client certificate"))
        }
    }

    /// The SHA-256 fingerprint of the certificate a TLS handshake on `port` presents.
    private func servedFingerprint(port: Int, pki: PKI) throws -> String {
        let handshake = try runCommand(URL(fileURLWithPath: "/usr/bin/openssl"), [
            "s_client", "-connect", "127.0.0.1:\(port)", "-CAfile", "\(pki.root.path)/ca.pem",
            "-cert", "\(pki.root.path)/client/root.pem", "-key", "\(pki.root.path)/client/root-key.pem", "-alpn", "h2",
        ], stdin: "")
        return try fingerprint(of: handshake.stdout)
    }

    private func fileFingerprint(_ path: String) throws -> String {
        try fingerprint(of: try String(contentsOfFile: path, encoding: .utf8))
    }

    private func fingerprint(of text: String) throws -> String {
        let result = try runCommand(URL(fileURLWithPath: "/usr/bin/openssl"), ["x509", "-noout", "-fingerprint", "-sha256"], stdin: text)
        guard result.status == 0 else { throw IntegrationFailure("no certificate in: \(text)\(result.stderr)") }
        return result.stdout
    }

    /// Bad TLS input stops kvd before it serves, with a message naming the file or the flag.
    @Test func badTLSSettingsAreRefusedAtStart() throws {
        let pki = try PKI(size: 1)
        defer { pki.remove() }
        let data = pki.root.appendingPathComponent("data").path
        let port = try freePort()
        let base = ["--data-dir", data, "--listen-client-urls", "https://127.0.0.1:\(port)",
                    "--advertise-client-urls", "https://127.0.0.1:\(port)",
                    "--listen-peer-urls", "http://127.0.0.1:\(try freePort())"]
        let folder = "\(pki.root.path)/m0"
        let cases: [([String], String)] = [
            ([], "TLS key/cert (--cert-file, --key-file) must be provided for client url https://127.0.0.1:\(port) with HTTPS scheme"),
            (["--cert-file", "\(folder)/server.pem", "--key-file", "\(folder)/peer-key.pem"],
             "--key-file \(folder)/peer-key.pem does not match --cert-file \(folder)/server.pem"),
            (["--cert-file", "\(folder)/missing.pem", "--key-file", "\(folder)/server-key.pem"],
             "cannot read \(folder)/missing.pem: No such file or directory"),
            (["--cert-file", "\(folder)/server.pem", "--key-file", "\(folder)/server-key.pem", "--cipher-suites", "BOGUS"],
             "unexpected TLS cipher suite \"BOGUS\""),
            (["--cert-file", "\(folder)/server.pem", "--key-file", "\(folder)/server-key.pem", "--client-cert-auth=maybe"],
             "invalid boolean value \"maybe\" for -client-cert-auth: parse error"),
            (["--cert-file", "\(folder)/server.pem", "--key-file", "\(folder)/server-key.pem",
              "--peer-cert-file", "\(pki.root.path)/rogue/m0/peer.pem", "--peer-key-file", "\(pki.root.path)/rogue/m0/peer-key.pem",
              "--peer-trusted-ca-file", "\(folder)/ca.pem"],
             "--peer-cert-file \(pki.root.path)/rogue/m0/peer.pem is not accepted by --peer-trusted-ca-file \(folder)/ca.pem"),
        ]
        for (flags, message) in cases {
            let result = try runCommand(Binaries.kvd, base + flags, environment: Etcdctl.environment, timeoutSeconds: 20)
            #expect(result.status != 0 && result.stderr.contains(message), "\(flags): \(result.stderr)")
        }
        var environment = Etcdctl.environment
        environment["ETCD_CLIENT_CERT_AUTH"] = "maybe"
        let fromEnvironment = try runCommand(Binaries.kvd, base, environment: environment, timeoutSeconds: 20)
        #expect(fromEnvironment.status != 0
                && fromEnvironment.stderr.contains("invalid value \"maybe\" for ETCD_CLIENT_CERT_AUTH: parse error"),
                "\(fromEnvironment.stderr)")
    }

    /// TLS 1.2 at least; `--cipher-suites` limits what a TLS 1.2 client may pick; an https
    /// metrics URL serves `/health` with the client certificate.
    @Test func cipherSuitesAndTheMinimumVersionAreEnforced() throws {
        let pki = try PKI(size: 1)
        defer { pki.remove() }
        let metricsPort = try freePort()
        let cluster = try ProcessCluster(
            .kvd, size: 1,
            flags: ["--cipher-suites", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305",
                    "--listen-metrics-urls", "https://127.0.0.1:\(metricsPort)"],
            scheme: "https", memberFlags: { pki.memberFlags($0) }, clientFlags: pki.clientFlags())
        defer { cluster.stop() }
        let port = cluster.members[0].clientPort
        func handshake(_ options: [String]) throws -> Bool {
            let result = try runCommand(URL(fileURLWithPath: "/usr/bin/openssl"), [
                "s_client", "-connect", "127.0.0.1:\(port)", "-CAfile", "\(pki.root.path)/ca.pem",
                "-cert", "\(pki.root.path)/client/root.pem", "-key", "\(pki.root.path)/client/root-key.pem",
            ] + options, stdin: "")
            return result.stdout.contains("Verify return code: 0 (ok)") && !result.stdout.contains("Cipher is (NONE)")
        }
        #expect(try handshake(["-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256"]))
        #expect(try !handshake(["-tls1_2", "-cipher", "ECDHE-ECDSA-AES256-GCM-SHA384"]), "a suite outside --cipher-suites was accepted")
        // SECLEVEL=0 lets this OpenSSL offer TLS 1.1 at all: without it the client gives up by itself.
        #expect(try !handshake(["-tls1_1", "-cipher", "DEFAULT@SECLEVEL=0"]), "TLS 1.1 was accepted")
        #expect(try handshake(["-tls1_3"]))

        let health = try runCommand(URL(fileURLWithPath: "/usr/bin/curl"), [
            "-sS", "--cacert", "\(pki.root.path)/ca.pem", "--cert", "\(pki.root.path)/client/root.pem",
            "--key", "\(pki.root.path)/client/root-key.pem", "https://127.0.0.1:\(metricsPort)/health",
        ])
        #expect(health.stdout.contains("\"health\":\"true\""), "\(health.stdout)\(health.stderr)")
    }

    /// `--auto-tls` and `--peer-auto-tls`: self-signed certificates in the data directory;
    /// a client that skips verification gets through (etcdctl 3.4 also needs to be told that
    /// the transport is not insecure, as with etcd).
    @Test func autoTLSServesWithSelfSignedCertificates() throws {
        let skipVerify = ["--insecure-transport=false", "--insecure-skip-tls-verify"]
        let cluster = try ProcessCluster(.kvd, size: 3, flags: ["--auto-tls", "--peer-auto-tls"], scheme: "https",
                                         clientFlags: skipVerify)
        defer { cluster.stop() }
        let endpoint = cluster.members[0].clientURL
        #expect(try Etcdctl.run(skipVerify + ["put", "auto", "tls"], endpoints: endpoint).status == 0)
        let unverified = try Etcdctl.run(["--insecure-transport=false", "put", "auto", "tls"], endpoints: endpoint)
        #expect(unverified.status != 0, "a self-signed certificate was trusted")
        for side in ["client", "peer"] {
            let fixtures = cluster.root.appendingPathComponent("m0.data/fixtures/\(side)")
            #expect(FileManager.default.fileExists(atPath: fixtures.appendingPathComponent("cert.pem").path))
        }
    }
}
}
