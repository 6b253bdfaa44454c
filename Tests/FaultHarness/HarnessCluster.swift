import Foundation
import TestSupport

/// The kvd members of one campaign: real processes on loopback ports chosen free at start,
/// each with a data directory and a log under the run directory. Only processes it started
/// are ever signalled, and only by their PID.
public actor HarnessCluster {
    public struct Member: Sendable {
        public var name: String
        public var host: String
        public var clientPort: Int
        public var peerPort: Int
        public var clientURL: String { "http://\(host):\(clientPort)" }
        public var peerURL: String { "http://\(host):\(peerPort)" }
    }

    public enum State: Sendable, Equatable {
        case running
        case paused
        case down
    }

    public nonisolated let members: [Member]
    /// The members' namespaces when the campaign partitions the network; nil on loopback.
    public nonisolated let lab: NetworkLab?
    private let kvd: URL
    private let directory: URL
    private let flags: [String]
    private var processes: [Process?]
    private var paused: Set<Int> = []
    /// Members that ended without the harness ending them: a crash is a finding.
    public private(set) var unexpectedExits: [String] = []

    public init(kvd: URL, directory: URL, size: Int, flags: [String], lab: NetworkLab?) throws {
        precondition((1...7).contains(size) && (lab?.size ?? size) == size, "a campaign runs 1 to 7 members")
        self.kvd = kvd
        self.directory = directory
        self.flags = flags
        self.lab = lab
        members = try (0..<size).map { index in
            guard let lab else {
                return Member(name: "m\(index)", host: "127.0.0.1", clientPort: try freePort(in: Self.ports),
                              peerPort: try freePort(in: Self.ports))
            }
            // Each member has a namespace, and so ports, of its own: etcd's defaults.
            return Member(name: "m\(index)", host: lab.address(index), clientPort: 2379, peerPort: 2380)
        }
        processes = Array(repeating: nil, count: size)
    }

    /// Below the ephemeral ports: a member restarts on its ports, which no outgoing
    /// connection may take meanwhile.
    static let ports = 20_000...32_000

    public nonisolated var initialCluster: String {
        members.map { "\($0.name)=\($0.peerURL)" }.joined(separator: ",")
    }

    public nonisolated func logURL(_ index: Int) -> URL {
        directory.appendingPathComponent("\(members[index].name).log")
    }

    public func state(_ index: Int) -> State {
        guard let process = processes[index], process.isRunning else { return .down }
        return paused.contains(index) ? .paused : .running
    }

    /// Starts a member that is down; `failpoints` arms `KVD_FAILPOINTS` for this run of it;
    /// `joining` (the cluster as the member list has it) starts it to join a running cluster.
    public func start(_ index: Int, failpoints: String? = nil, joining: String? = nil) throws {
        precondition(state(index) == .down, "member \(index) started while it runs")
        let member = members[index]
        let arguments = [
            "--name", member.name,
            "--data-dir", directory.appendingPathComponent("\(member.name).data").path,
            "--listen-client-urls", member.clientURL, "--advertise-client-urls", member.clientURL,
            "--listen-peer-urls", member.peerURL, "--initial-advertise-peer-urls", member.peerURL,
            "--initial-cluster", joining ?? initialCluster, "--initial-cluster-token", "fault-campaign",
            "--initial-cluster-state", joining == nil ? "new" : "existing",
        ] + flags
        let process = Process()
        if let lab {
            let command = lab.command(member: index, [kvd.path] + arguments)
            process.executableURL = URL(fileURLWithPath: command[0])
            process.arguments = Array(command.dropFirst())
        } else {
            process.executableURL = kvd
            process.arguments = arguments
        }
        var environment = ProcessInfo.processInfo.environment
            .filter { !$0.key.hasPrefix("ETCD") && !$0.key.hasPrefix("KVD") && $0.key != "NOTIFY_SOCKET" }
        if let failpoints { environment["KVD_FAILPOINTS"] = failpoints }
        process.environment = environment
        let log = logURL(index)
        if !FileManager.default.fileExists(atPath: log.path) {
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        handle.write(Data("=== harness: start\(failpoints.map { " with KVD_FAILPOINTS=\($0)" } ?? "")\n".utf8))
        process.standardOutput = handle
        process.standardError = handle
        try launching { try process.run() }
        try handle.close()
        processes[index] = process
        paused.remove(index)
    }

    /// Removes a stopped member's data, for a member that joins again as a new one.
    public func wipe(_ index: Int) throws {
        precondition(state(index) == .down, "member \(index) wiped while it runs")
        try FileManager.default.removeItem(at: directory.appendingPathComponent("\(members[index].name).data"))
    }

    /// kill -9: nothing that was not already written reaches the disk's page cache.
    public func kill(_ index: Int) {
        guard let process = processes[index] else { return }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        processes[index] = nil
        paused.remove(index)
    }

    public func pause(_ index: Int) {
        guard let process = processes[index], process.isRunning else { return }
        Foundation.kill(process.processIdentifier, SIGSTOP)
        paused.insert(index)
    }

    public func resume(_ index: Int) {
        guard let process = processes[index], paused.contains(index) else { return }
        Foundation.kill(process.processIdentifier, SIGCONT)
        paused.remove(index)
    }

    /// Waits, at most `seconds`, for a member to end by itself (an armed failpoint): its exit
    /// status, or nil while it still runs.
    public func waitForExit(_ index: Int, seconds: Double) async -> Int32? {
        guard let process = processes[index] else { return nil }
        for _ in 0..<Int(seconds * 20) where process.isRunning {
            try? await Task.sleep(for: .milliseconds(50))
        }
        guard !process.isRunning else { return nil }
        processes[index] = nil
        return process.terminationStatus
    }

    /// A member that ended other than the way the harness meant it to.
    public func noteExit(_ index: Int, _ what: String) {
        unexpectedExits.append("\(members[index].name) \(what)")
    }

    /// Notes members that have ended by themselves since the last look, and forgets them.
    public func noteUnexpectedExits() {
        for index in members.indices {
            guard let process = processes[index], !process.isRunning else { continue }
            noteExit(index, "exited by itself with status \(process.terminationStatus)")
            processes[index] = nil
            paused.remove(index)
        }
    }

    /// Drops peer traffic as `cut` says (pairs of members that cannot talk, both ways) and
    /// `unsent` (a member's messages to another), or heals the network when both are empty.
    public func partition(cut: [(Int, Int)], unsent: [(from: Int, to: Int)]) throws {
        guard let lab else { preconditionFailure("a partition without network namespaces") }
        for index in members.indices {
            let severed = Set(cut.compactMap { $0.0 == index ? $0.1 : ($0.1 == index ? $0.0 : nil) })
            let silenced = Set(unsent.filter { $0.from == index }.map(\.to))
            try lab.filter(member: index, cut: severed, unsent: silenced, peerPort: members[index].peerPort)
        }
    }

    /// Every peer link (both ways) drops `lossPercent` of its packets at random; 0 heals.
    public func degrade(lossPercent: Int) throws {
        guard let lab else { preconditionFailure("a lossy network without network namespaces") }
        for index in members.indices {
            let others = Set(members.indices).subtracting([index])
            try lab.filter(member: index, cut: [], unsent: [], lossy: others, lossPercent: lossPercent,
                           peerPort: members[index].peerPort)
        }
    }

    /// Every member running and unpaused, as the campaign's end needs them.
    public func heal() throws {
        noteUnexpectedExits()
        if lab != nil { try partition(cut: [], unsent: []) }
        for index in members.indices {
            switch state(index) {
            case .paused: resume(index)
            case .down: try start(index)
            case .running: break
            }
        }
    }

    /// Ends every member (resumed first, so that SIGKILL is not held up).
    public func stopAll() {
        for index in members.indices {
            resume(index)
            kill(index)
        }
    }
}
