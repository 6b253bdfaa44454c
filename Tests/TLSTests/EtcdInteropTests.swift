import Foundation
import Testing

/// The real thing: Debian's etcd 3.4 serves with kvcert's files, and etcdctl talks to it over
/// mutual TLS with a kvcert client certificate, and is refused without one.
@Suite struct EtcdInteropTests {
    static let member = "kvcert-test"
    static let healthWaitSeconds = 20.0

    @Test(
        .enabled(if: FileManager.default.isExecutableFile(atPath: Tools.etcd), "no /usr/bin/etcd: run scripts/setup (etcd-server)"),
        .timeLimit(.minutes(2))
    )
    func etcdServesKvcertCertificatesToEtcdctl() async throws {
        try await withTemporaryDirectory { directory in
            let clientPort = try freeLoopbackPort()
            let peerPort = try freeLoopbackPort()
            let certificates = "\(directory)/certs"
            let memberFolder = "\(certificates)/\(Self.member)"
            try Tools.kvcertSucceeding([
                "cluster", "--initial-cluster", "\(Self.member)=https://127.0.0.1:\(peerPort)", "--out", certificates,
            ])
            let issuing = ["--ca", "\(certificates)/ca.pem", "--ca-key", "\(certificates)/ca-key.pem"]
            try Tools.kvcertSucceeding(["client", "--name", "root", "--out", "\(directory)/client"] + issuing)
            try Tools.kvcertSucceeding(["ca", "--out", "\(directory)/other"])
            try Tools.kvcertSucceeding([
                "client", "--name", "root", "--out", "\(directory)/other", "--ca", "\(directory)/other/ca.pem",
                "--ca-key", "\(directory)/other/ca-key.pem",
            ])

            let etcd = try startEtcd(memberFolder: memberFolder, directory: directory, clientPort: clientPort, peerPort: peerPort)
            defer { stop(etcd) }
            let endpoint = "https://127.0.0.1:\(clientPort)"
            let trusted = ["--cacert", "\(certificates)/ca.pem"]
            let withClientCertificate = trusted + [
                "--cert", "\(directory)/client/root.pem", "--key", "\(directory)/client/root-key.pem",
            ]
            try await waitUntilHealthy(etcd, endpoint: endpoint, tlsArguments: withClientCertificate, log: "\(directory)/etcd.log")

            let put = try etcdctl(endpoint, withClientCertificate + ["put", "greeting", "hello from kvcert"])
            #expect(put.succeeded && put.standardOutput == "OK\n", "\(put.standardError)")
            let get = try etcdctl(endpoint, withClientCertificate + ["get", "greeting", "--print-value-only"])
            #expect(get.succeeded && get.standardOutput == "hello from kvcert\n", "\(get.standardError)")

            let anonymous = try etcdctl(endpoint, trusted + ["get", "greeting"])
            #expect(!anonymous.succeeded, "a client without a certificate was served: \(anonymous.standardOutput)")
            let stranger = try etcdctl(
                endpoint, trusted + ["--cert", "\(directory)/other/root.pem", "--key", "\(directory)/other/root-key.pem", "get", "greeting"]
            )
            #expect(!stranger.succeeded, "a client certificate from another CA was accepted: \(stranger.standardOutput)")
        }
    }

    private func startEtcd(memberFolder: String, directory: String, clientPort: Int, peerPort: Int) throws -> Process {
        let clientURL = "https://127.0.0.1:\(clientPort)"
        let peerURL = "https://127.0.0.1:\(peerPort)"
        let log = URL(fileURLWithPath: "\(directory)/etcd.log")
        return try ProcessRunner.start(Tools.etcd, [
            "--name", Self.member, "--data-dir", "\(directory)/data",
            "--listen-client-urls", clientURL, "--advertise-client-urls", clientURL,
            "--listen-peer-urls", peerURL, "--initial-advertise-peer-urls", peerURL,
            "--initial-cluster", "\(Self.member)=\(peerURL)", "--initial-cluster-state", "new",
            "--cert-file", "\(memberFolder)/server.pem", "--key-file", "\(memberFolder)/server-key.pem",
            "--client-cert-auth", "--trusted-ca-file", "\(memberFolder)/ca.pem",
            "--peer-cert-file", "\(memberFolder)/peer.pem", "--peer-key-file", "\(memberFolder)/peer-key.pem",
            "--peer-client-cert-auth", "--peer-trusted-ca-file", "\(memberFolder)/ca.pem",
        ], environment: ["PATH": "/usr/bin:/bin", "HOME": directory], standardOutput: log, standardError: log)
    }

    private func waitUntilHealthy(_ etcd: Process, endpoint: String, tlsArguments: [String], log: String) async throws {
        let deadline = Date().addingTimeInterval(Self.healthWaitSeconds)
        var last = ProcessResult(status: -1, standardOutput: "", standardError: "not asked yet")
        while Date() < deadline {
            guard etcd.isRunning else {
                Issue.record("etcd exited with status \(etcd.terminationStatus):\n\((try? contents(log)) ?? "")")
                throw CancellationError()
            }
            last = try etcdctl(endpoint, tlsArguments + ["endpoint", "health"])
            if last.succeeded { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        Issue.record("etcd not healthy after \(Self.healthWaitSeconds) s: \(last.standardError)\n\((try? contents(log)) ?? "")")
        throw CancellationError()
    }

    private func etcdctl(_ endpoint: String, _ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(
            Tools.etcdctl, ["--endpoints", endpoint, "--dial-timeout", "2s", "--command-timeout", "5s"] + arguments,
            environment: ["ETCDCTL_API": "3", "PATH": "/usr/bin:/bin"], timeoutSeconds: 15
        )
    }

    /// Ends the etcd this test started, by its own PID: SIGTERM, then SIGKILL if it lingers.
    private func stop(_ etcd: Process) {
        guard etcd.isRunning else { return }
        etcd.terminate()
        if !ProcessRunner.wait(for: etcd, timeoutSeconds: 10) {
            kill(etcd.processIdentifier, SIGKILL)
            etcd.waitUntilExit()
        }
    }
}
