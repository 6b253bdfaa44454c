import Foundation
import NIOSSL
import Synchronization
import Testing
import TLS

/// What kvd checks before it serves TLS, and the context that follows rotated files.
@Suite struct ServingTests {
    /// A CA with a server and a peer certificate, and a second CA with its own peer certificate.
    private func makeCertificates(in directory: String) throws {
        try Tools.kvcertSucceeding(["ca", "--out", directory])
        try Tools.kvcertSucceeding(["ca", "--out", "\(directory)/other", "--cn", "Other CA"])
        for (profile, ca) in [("server", directory), ("peer", directory), ("peer", "\(directory)/other")] {
            try Tools.kvcertSucceeding([profile, "--name", "m0", "--ip", "127.0.0.1", "--ca", "\(ca)/ca.pem",
                                        "--ca-key", "\(ca)/ca-key.pem", "--out", ca])
        }
    }

    private func settings(_ side: TLSSettings.Side, _ directory: String, stem: String, ca: String = "") -> TLSSettings {
        var settings = TLSSettings(side: side)
        settings.certFile = "\(directory)/\(stem).pem"
        settings.keyFile = "\(directory)/\(stem)-key.pem"
        settings.trustedCAFile = ca
        return settings
    }

    @Test func acceptsMatchingFiles() async throws {
        try await withTemporaryDirectory { directory in
            try makeCertificates(in: directory)
            try CredentialCheck.check(settings(.client, directory, stem: "server", ca: "\(directory)/ca.pem"))
            try CredentialCheck.check(settings(.peer, directory, stem: "peer", ca: "\(directory)/ca.pem"))
            // A client-side certificate may come from another CA than the clients it trusts.
            try CredentialCheck.check(settings(.client, directory, stem: "server", ca: "\(directory)/other/ca.pem"))
        }
    }

    @Test func namesTheFileAndTheReason() async throws {
        try await withTemporaryDirectory { directory in
            try makeCertificates(in: directory)
            var mismatched = settings(.client, directory, stem: "server")
            mismatched.keyFile = "\(directory)/peer-key.pem"
            var missing = settings(.peer, directory, stem: "peer")
            missing.certFile = "\(directory)/absent.pem"
            var notCA = settings(.peer, directory, stem: "peer")
            notCA.trustedCAFile = "\(directory)/server.pem"
            var alone = TLSSettings(side: .peer)
            alone.certFile = "\(directory)/peer.pem"
            var authWithoutCA = settings(.client, directory, stem: "server")
            authWithoutCA.clientCertAuth = true
            var badSuite = settings(.client, directory, stem: "server")
            badSuite.cipherSuites = ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "BOGUS"]
            let cases: [(TLSSettings, String)] = [
                (mismatched, "--key-file \(directory)/peer-key.pem does not match --cert-file \(directory)/server.pem"),
                (missing, "cannot read \(directory)/absent.pem: No such file or directory"),
                (notCA, "--peer-trusted-ca-file \(directory)/server.pem: no CA certificate in it"),
                (settings(.peer, "\(directory)/other", stem: "peer", ca: "\(directory)/ca.pem"),
                 "--peer-cert-file \(directory)/other/peer.pem is not accepted by --peer-trusted-ca-file \(directory)/ca.pem: unable to get local issuer certificate"),
                (alone, "--peer-cert-file and --peer-key-file must be given together"),
                (authWithoutCA, "--client-cert-auth needs --trusted-ca-file"),
                (badSuite, "unexpected TLS cipher suite \"BOGUS\""),
            ]
            for (settings, reason) in cases {
                #expect {
                    try CredentialCheck.check(settings)
                } throws: { error in
                    "\(error)".contains(reason)
                }
            }
        }
    }

    @Test func refusesACertificateOutsideItsValidity() async throws {
        try await withTemporaryDirectory { directory in
            try makeCertificates(in: directory)
            let server = settings(.client, directory, stem: "server")
            let later = Date().addingTimeInterval(400 * 86_400)
            #expect(throws: TLSError.self) { try CredentialCheck.check(server, at: later) }
            do {
                try CredentialCheck.check(server, at: later)
            } catch {
                #expect("\(error)".hasPrefix("\(directory)/server.pem: certificate has expired (not after "))
            }
            let earlier = Date().addingTimeInterval(-86_400)
            #expect(throws: TLSError.self) { try CredentialCheck.check(server, at: earlier) }
        }
    }

    @Test func cipherSuitesTakeEtcdsNames() throws {
        #expect(try CipherSuites.parse(["TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305"])
            == [.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, .TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256])
        #expect(throws: TLSError("unexpected TLS cipher suite \"TLS_RSA_WITH_RC4_128_SHA\"")) {
            try CipherSuites.parse(["TLS_RSA_WITH_RC4_128_SHA"])
        }
    }

    /// Rotation: new files are picked up; files caught broken leave the old context serving.
    @Test func contextFollowsRotatedFiles() async throws {
        try await withTemporaryDirectory { directory in
            try makeCertificates(in: directory)
            let events = Events()
            let context = try ReloadingTLSContext(settings: settings(.client, directory, stem: "server"),
                                                  applicationProtocols: ["h2"]) { events.append($0) }
            let first = context.current()
            #expect(context.current() === first)

            try Tools.kvcertSucceeding(["server", "--name", "m0", "--ip", "127.0.0.1", "--ca", "\(directory)/ca.pem",
                                        "--ca-key", "\(directory)/ca-key.pem", "--out", directory, "--force"])
            let rotated = try await waitForNewContext(context, differentFrom: first)
            #expect(events.results.count == 1 && events.failures == 0)

            // A key that no longer matches (a rotation caught halfway) keeps the rotated pair.
            try FileManager.default.removeItem(atPath: "\(directory)/server-key.pem")
            try FileManager.default.copyItem(atPath: "\(directory)/peer-key.pem", toPath: "\(directory)/server-key.pem")
            try await Task.sleep(for: .milliseconds(1_100))
            #expect(context.current() === rotated)
            #expect(events.failures == 1)
        }
    }

    /// Bounded: the context looks at its files at most once a second.
    private func waitForNewContext(_ context: ReloadingTLSContext, differentFrom old: NIOSSLContext) async throws -> NIOSSLContext {
        for _ in 0..<50 {
            let current = context.current()
            if current !== old { return current }
            try await Task.sleep(for: .milliseconds(100))
        }
        Issue.record("the context never picked up the rotated certificate")
        return old
    }

    @Test func autoTLSMakesAndKeepsASelfSignedPair() async throws {
        try await withTemporaryDirectory { directory in
            var settings = TLSSettings(side: .peer)
            settings.autoTLS = true
            let hosts: [PeerURL.Host] = [try PeerURL(parsing: "https://127.0.0.1:2380").host]
            try AutoTLS.prepare(&settings, directory: "\(directory)/fixtures/peer", hosts: hosts, name: "m0")
            #expect(settings.certFile == "\(directory)/fixtures/peer/cert.pem")
            #expect(try fileMode(settings.keyFile) == 0o600)
            try CredentialCheck.check(settings)
            let made = try contents(settings.certFile)
            var again = TLSSettings(side: .peer)
            again.autoTLS = true
            try AutoTLS.prepare(&again, directory: "\(directory)/fixtures/peer", hosts: hosts, name: "m0")
            #expect(try contents(again.certFile) == made)
            let inspected = try Tools.kvcertSucceeding(["inspect", settings.certFile])
            #expect(inspected.standardOutput.contains("127.0.0.1"))
        }
    }
}

private final class Events: Sendable {
    private let stored = Mutex<[Result<Void, TLSError>]>([])

    func append(_ result: Result<Void, TLSError>) { stored.withLock { $0.append(result) } }
    var results: [Result<Void, TLSError>] { stored.withLock { $0 } }
    var failures: Int { results.filter { if case .failure = $0 { true } else { false } }.count }
}
