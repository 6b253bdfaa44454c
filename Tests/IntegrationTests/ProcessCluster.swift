import Foundation
import TestSupport

/// A cluster of real member processes, kvd or etcd (they take the same flags), on loopback
/// ports chosen free at start, with data in a temporary directory. Only the processes it
/// started are ever signalled, by PID.
final class ProcessCluster {
    enum Server: String {
        case kvd
        case etcd
    }

    struct MemberProcess {
        var name: String
        var clientPort: Int
        var peerPort: Int
        var process: Process?
        var log: URL

        var scheme = "http"

        var clientURL: String { "\(scheme)://127.0.0.1:\(clientPort)" }
        var peerURL: String { "\(scheme)://127.0.0.1:\(peerPort)" }
    }

    /// How members get their settings: command-line flags, or (as systemd's `EnvironmentFile=`
    /// does) an environment file of `ETCD_*` lines and no arguments at all.
    enum Configuration {
        case flags
        case environmentFile
    }

    let server: Server
    let root: URL
    private(set) var members: [MemberProcess]

    /// Extra environment for the member processes (e.g. NOTIFY_SOCKET).
    let environment: [String: String]
    /// Extra flags for every member.
    let flags: [String]
    /// Extra flags for one member (its certificate files, say), by name.
    let memberFlags: (String) -> [String]
    let configuration: Configuration
    /// etcdctl's flags for reaching the members (TLS files).
    let clientFlags: [String]

    init(_ server: Server, size: Int, startAll: Bool = true, environment: [String: String] = [:],
         flags: [String] = [], scheme: String = "http", configuration: Configuration = .flags,
         memberFlags: @escaping (String) -> [String] = { _ in [] }, clientFlags: [String] = []) throws {
        self.server = server
        self.environment = environment
        self.flags = flags
        self.memberFlags = memberFlags
        self.configuration = configuration
        self.clientFlags = clientFlags
        root = FileManager.default.temporaryDirectory.appendingPathComponent("kvd-it-\(server)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let root = self.root
        members = try (0..<size).map { index in
            MemberProcess(name: "m\(index)", clientPort: try freePort(), peerPort: try freePort(), process: nil,
                          log: root.appendingPathComponent("m\(index).log"), scheme: scheme)
        }
        guard startAll else { return }
        do {
            for index in members.indices { try start(index) }
            try waitUntilServing()
        } catch {
            // No one gets a cluster to stop when init throws: stop what it started here.
            stop()
            throw error
        }
    }

    var endpoints: String { members.map(\.clientURL).joined(separator: ",") }

    /// Members removed from the cluster, left out of `--initial-cluster` from then on.
    private(set) var removedNames: Set<String> = []

    var initialCluster: String {
        members.filter { !removedNames.contains($0.name) }.map { "\($0.name)=\($0.peerURL)" }.joined(separator: ",")
    }

    /// A member not started yet, to be added at run time (MemberAdd) and started joining.
    func addMember() throws -> Int {
        let index = members.count
        members.append(MemberProcess(name: "m\(index)", clientPort: try freePort(), peerPort: try freePort(), process: nil,
                                     log: root.appendingPathComponent("m\(index).log"), scheme: members[0].scheme))
        return index
    }

    func forget(_ index: Int) {
        removedNames.insert(members[index].name)
    }

    /// Starts a member; `joining` starts it with `--initial-cluster-state existing`.
    func start(_ index: Int, joining: Bool) throws {
        try start(index, extraFlags: joining ? ["--initial-cluster-state", "existing"] : [])
    }

    /// `environment` adds to the cluster's for this start only (failpoints, say).
    func start(_ index: Int, environment extra: [String: String] = [:]) throws {
        try start(index, extraFlags: [], extraEnvironment: extra)
    }

    private func start(_ index: Int, extraFlags: [String], extraEnvironment: [String: String] = [:]) throws {
        let member = members[index]
        let process = Process()
        process.executableURL = server == .kvd ? Binaries.kvd : URL(fileURLWithPath: "/usr/bin/etcd")
        let arguments = [
            "--name", member.name,
            "--data-dir", root.appendingPathComponent("\(member.name).data").path,
            "--listen-client-urls", member.clientURL, "--advertise-client-urls", member.clientURL,
            "--listen-peer-urls", member.peerURL, "--initial-advertise-peer-urls", member.peerURL,
            "--initial-cluster", initialCluster, "--initial-cluster-token", "it-cluster",
        ] + flags + extraFlags + memberFlags(member.name)
        var memberEnvironment = environment.merging(extraEnvironment) { $1 }
        switch configuration {
        case .flags:
            process.arguments = arguments
        case .environmentFile:
            let file = root.appendingPathComponent("\(member.name).env")
            try EnvironmentFile.write(flags: arguments, to: file)
            memberEnvironment.merge(try EnvironmentFile.read(file)) { $1 }
            process.arguments = []
        }
        if !FileManager.default.fileExists(atPath: member.log.path),
           !FileManager.default.createFile(atPath: member.log.path, contents: nil) {
            throw IntegrationFailure("cannot create \(member.log.path)")
        }
        let log = try FileHandle(forWritingTo: member.log)
        log.seekToEndOfFile()
        process.standardOutput = log
        process.standardError = log
        process.environment = ProcessInfo.processInfo.environment
            .filter { !$0.key.hasPrefix("ETCD") && !$0.key.hasPrefix("KVD") && $0.key != "NOTIFY_SOCKET" }
            .merging(memberEnvironment) { $1 }
        try launching { try process.run() }
        members[index].process = process
    }

    /// SIGTERM (or `signal`): a graceful stop. The exit status, or nil if it was not running.
    @discardableResult
    func terminate(_ index: Int, signal: Int32 = SIGTERM) -> Int32? {
        guard let process = members[index].process else { return nil }
        Foundation.kill(process.processIdentifier, signal)
        process.waitUntilExit()
        members[index].process = nil
        return process.terminationStatus
    }

    /// Waits (bounded) for a member to end by itself: its exit status, or nil if it still runs.
    func waitForExit(_ index: Int, seconds: Double) -> Int32? {
        guard let process = members[index].process else { return nil }
        guard Self.waitForExit(process, seconds: seconds) else { return nil }
        members[index].process = nil
        return process.terminationStatus
    }

    /// Sends `signal` (SIGSTOP, SIGCONT, ...) to a running member.
    func signal(_ index: Int, _ signal: Int32) {
        guard let process = members[index].process else { return }
        Foundation.kill(process.processIdentifier, signal)
    }

    /// kill -9: no chance to flush anything that was not already synced.
    func kill(_ index: Int) {
        guard let process = members[index].process else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        members[index].process = nil
    }

    /// Polls (bounded) until every running member answers a linearizable read.
    func waitUntilServing(seconds: Double = 30) throws {
        let deadline = Date().addingTimeInterval(seconds)
        for member in members where member.process != nil {
            while true {
                let result = try? Etcdctl.run(clientFlags + ["get", "readiness-probe"], endpoints: member.clientURL,
                                              timeoutSeconds: 5)
                if result?.status == 0 { break }
                guard Date() < deadline else {
                    throw IntegrationFailure("\(server) member \(member.name) not serving after \(seconds)s: \(result?.stderr ?? "etcdctl timed out")\n\(logs())")
                }
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
        try waitUntilPublished(deadline: deadline)
    }

    /// Every running member lists every running member with its client URL (each publishes
    /// it through the log after it starts), so `--cluster` commands reach them all.
    private func waitUntilPublished(deadline: Date) throws {
        let running = members.filter { $0.process != nil }
        for member in running {
            while true {
                let list = try? Etcdctl.run(clientFlags + ["member", "list"], endpoints: member.clientURL, timeoutSeconds: 5)
                if let list, list.status == 0, running.allSatisfy({ list.stdout.contains(", \($0.clientURL)") }) { break }
                guard Date() < deadline else {
                    throw IntegrationFailure("\(member.name) does not list every member's client URL: \(list?.stdout ?? "")\(list?.stderr ?? "")")
                }
                Thread.sleep(forTimeInterval: 0.2)
            }
        }
    }

    func logs() -> String {
        members.map { "--- \($0.name)\n" + ((try? String(contentsOf: $0.log, encoding: .utf8)) ?? "") }.joined(separator: "\n")
    }

    /// SIGTERM, then SIGKILL if a member has not stopped within a few seconds; removes the data.
    func stop() {
        for index in members.indices {
            guard let process = members[index].process else { continue }
            process.terminate()
            if !Self.waitForExit(process, seconds: 5) {
                Foundation.kill(process.processIdentifier, SIGKILL)
                if !Self.waitForExit(process, seconds: 5) {
                    // Foundation has been seen to miss a child's exit (one that crashed while
                    // stopping): reap it here rather than wait for ever.
                    var status: Int32 = 0
                    _ = waitpid(process.processIdentifier, &status, WNOHANG)
                }
            }
            members[index].process = nil
        }
        try? FileManager.default.removeItem(at: root)
    }

    /// Whether `process` has ended within `seconds`.
    private static func waitForExit(_ process: Process, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        return !process.isRunning
    }
}

struct IntegrationFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

enum Binaries {
    static var kvd: URL { locate("kvd") }
    static var kvwal: URL { locate("kvwal") }
    static var kvcert: URL { locate("kvcert") }
    static var kvctl: URL { locate("kvctl") }

    /// The checkout this test file belongs to.
    static var repository: URL {
        var root = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { root.deleteLastPathComponent() }
        return root
    }

    private static func locate(_ name: String) -> URL {
        repository.appendingPathComponent(".build/debug/\(name)")
    }
}
