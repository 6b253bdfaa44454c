import Foundation
import Testing

/// The real thing: a three-member cluster of Debian's etcd 3.4 runs on kvcert's files (peer
/// traffic over mutual TLS too), etcdctl talks to it with a kvcert client certificate, and is
/// refused without one or with one from another CA.
@Suite struct EtcdInteropTests {
    static let memberNames = ["kv1", "kv2", "kv3"]
    static let healthWaitSeconds = 20.0

    struct Member {
        let name: String
        let clientURL: String
        let peerURL: String
    }

    @Test(
        .enabled(if: FileManager.default.isExecutableFile(atPath: Tools.etcd), "no /usr/bin/etcd: run scripts/setup (etcd-server)"),
        .timeLimit(.minutes(2))
    )
    func etcdClusterServesKvcertCertificatesToEtcdctl() async throws {
        try await withTemporaryDirectory { directory in
            let members = try Self.memberNames.map { name in
                let (clientPort, peerPort) = (try freeLoopbackPort(), try freeLoopbackPort())
                return Member(name: name, clientURL: "https://127.0.0.1:\(clientPort)", peerURL: "https://127.0.0.1:\(peerPort)")
            }
            let initialCluster = members.map { "\($0.name)=\($0.peerURL)" }.joined(separator: ",")
            let certificates = "\(directory)/certs"
            try Tools.kvcertSucceeding(["cluster", "--initial-cluster", initialCluster, "--out", certificates])
            try makeClientCertificates(certificates: certificates, directory: directory)

            var processes: [Process] = []
            defer { processes.forEach(stop) }
            for member in members {
                processes.append(try startEtcd(member, initialCluster: initialCluster, certificates: certificates, directory: directory))
            }
            let trusted = ["--cacert", "\(certificates)/ca.pem"]
            let withClientCertificate = trusted + [
                "--cert", "\(directory)/client/root.pem", "--key", "\(directory)/client/root-key.pem",
            ]
            let allEndpoints = members.map(\.clientURL).joined(separator: ",")
            try await waitUntilHealthy(processes, endpoints: allEndpoints, tlsArguments: withClientCertificate, directory: directory)

            let put = try etcdctl(members[0].clientURL, withClientCertificate + ["put", "greeting", "hello from kvcert"])
            #expect(put.succeeded && put.standardOutput == "OK\n", "\(put.standardError)")
            let get = try etcdctl(members[2].clientURL, withClientCertificate + ["get", "greeting", "--print-value-only"])
            #expect(get.succeeded && get.standardOutput == "hello from kvcert\n", "\(get.standardError)")

            let anonymous = try etcdctl(members[1].clientURL, trusted + ["get", "greeting"])
            #expect(!anonymous.succeeded, "a client without a certificate was served: \(anonymous.standardOutput)")
            let stranger = try etcdctl(
                members[1].clientURL,
                trusted + ["--cert", "\(directory)/other/root.pem", "--key", "\(directory)/other/root-key.pem", "get", "greeting"]
            )
            #expect(!stranger.succeeded, "a client certificate from another CA was accepted: \(stranger.standardOutput)")
        }
    }

    /// root's certificate from the cluster's CA, and one from a CA etcd does not trust.
    private func makeClientCertificates(certificates: String, directory: String) throws {
        let issuing = ["--ca", "\(certificates)/ca.pem", "--ca-key", "\(certificates)/ca-key.pem"]
        try Tools.kvcertSucceeding(["client", "--name", "root", "--out", "\(directory)/client"] + issuing)
        try Tools.kvcertSucceeding(["ca", "--out", "\(directory)/other"])
        try Tools.kvcertSucceeding([
            "client", "--name", "root", "--out", "\(directory)/other", "--ca", "\(directory)/other/ca.pem",
            "--ca-key", "\(directory)/other/ca-key.pem",
        ])
    }

    private func startEtcd(_ member: Member, initialCluster: String, certificates: String, directory: String) throws -> Process {
        let folder = "\(certificates)/\(member.name)"
        let log = URL(fileURLWithPath: "\(directory)/\(member.name).log")
        return try ProcessRunner.start(Tools.etcd, [
            "--name", member.name, "--data-dir", "\(directory)/\(member.name).etcd",
            "--listen-client-urls", member.clientURL, "--advertise-client-urls", member.clientURL,
            "--listen-peer-urls", member.peerURL, "--initial-advertise-peer-urls", member.peerURL,
            "--initial-cluster", initialCluster, "--initial-cluster-state", "new", "--initial-cluster-token", "kvcert-test",
            "--cert-file", "\(folder)/server.pem", "--key-file", "\(folder)/server-key.pem",
            "--client-cert-auth", "--trusted-ca-file", "\(folder)/ca.pem",
            "--peer-cert-file", "\(folder)/peer.pem", "--peer-key-file", "\(folder)/peer-key.pem",
            "--peer-client-cert-auth", "--peer-trusted-ca-file", "\(folder)/ca.pem",
        ], environment: ["PATH": "/usr/bin:/bin", "HOME": directory], standardOutput: log, standardError: log)
    }

    private func waitUntilHealthy(_ processes: [Process], endpoints: String, tlsArguments: [String], directory: String) async throws {
        let deadline = Date().addingTimeInterval(Self.healthWaitSeconds)
        var last = ProcessResult(status: -1, standardOutput: "", standardError: "not asked yet")
        while Date() < deadline {
            guard processes.allSatisfy(\.isRunning) else {
                Issue.record("an etcd member exited early:\n\(logs(directory))")
                throw CancellationError()
            }
            last = try etcdctl(endpoints, tlsArguments + ["endpoint", "health"])
            if last.succeeded { return }
            try await Task.sleep(for: .milliseconds(250))
        }
        Issue.record("etcd not healthy after \(Self.healthWaitSeconds) s: \(last.standardError)\n\(logs(directory))")
        throw CancellationError()
    }

    private func logs(_ directory: String) -> String {
        Self.memberNames.map { "== \($0)\n" + ((try? contents("\(directory)/\($0).log")) ?? "") }.joined(separator: "\n")
    }

    private func etcdctl(_ endpoints: String, _ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(
            Tools.etcdctl, ["--endpoints", endpoints, "--dial-timeout", "2s", "--command-timeout", "5s"] + arguments,
            environment: ["ETCDCTL_API": "3", "PATH": "/usr/bin:/bin"], timeoutSeconds: 15
        )
    }

    /// Ends an etcd this test started, by its own PID: SIGTERM, then SIGKILL if it lingers.
    private func stop(_ etcd: Process) {
        guard etcd.isRunning else { return }
        etcd.terminate()
        if !ProcessRunner.wait(for: etcd, timeoutSeconds: 10) {
            kill(etcd.processIdentifier, SIGKILL)
            etcd.waitUntilExit()
        }
    }
}
