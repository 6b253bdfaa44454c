import API
import Client
import GRPCCore

/// Injects one fault at a time, at random moments and on random members (the leader half
/// of the time), until the deadline; each fault is undone before the next, so a majority is
/// always up but for the moments a restarted member takes to catch up.
struct Nemesis: Sendable {
    var cluster: HarnessCluster
    var kinds: [FaultKind]
    var clock: HarnessClock
    var deadlineNanoseconds: UInt64
    var random: SeededRandom

    /// Each fault takes at least the pause before it: this bounds the loop however the clock runs.
    private static let faultsMax = 10_000

    /// The faults injected, one line each, with the time they began.
    func run() async throws -> [String] {
        precondition(!kinds.isEmpty, "a nemesis with nothing to do")
        var random = self.random
        var log: [String] = []
        for _ in 0..<Self.faultsMax {
            try await Task.sleep(for: .milliseconds(Int.random(in: 500...2_000, using: &random)))
            guard clock.nanoseconds < deadlineNanoseconds else { return log }
            await cluster.noteUnexpectedExits()
            let kind = kinds.randomElement(using: &random)!
            let leader = Bool.random(using: &random) ? await leaderIndex() : nil
            let target = leader ?? Int.random(in: cluster.members.indices, using: &random)
            let began = clock.nanoseconds
            let what = try await inject(kind, on: target, random: &random)
            log.append("\(Double(began) / 1e9)s \(kind.rawValue) \(cluster.members[target].name)\(leader != nil ? " (leader)" : ""): \(what)")
        }
        preconditionFailure("the nemesis outran its bound before the deadline")
    }

    private func inject(_ kind: FaultKind, on target: Int, random: inout SeededRandom) async throws -> String {
        switch kind {
        case .kill:
            await cluster.kill(target)
            try await Task.sleep(for: .milliseconds(Int.random(in: 200...2_000, using: &random)))
            try await cluster.start(target)
            return "killed, restarted"
        case .pause:
            let milliseconds = Int.random(in: 300...3_000, using: &random)
            await cluster.pause(target)
            try await Task.sleep(for: .milliseconds(milliseconds))
            await cluster.resume(target)
            return "paused \(milliseconds) ms"
        case .crashpoint:
            let point = FaultFailpoints.crashPoints.randomElement(using: &random)!
            // A share of the passes, so that the crash comes at a random one, not always the first.
            let percent = Int.random(in: 5...50, using: &random)
            let exit = try await restartArmed(target, failpoints: "\(point)=\(percent)%panic", runSeconds: 4)
            return "\(point) at \(percent)% of passes: \(exit)"
        case .slowdisk:
            let point = FaultFailpoints.slowPoints.randomElement(using: &random)!
            let milliseconds = Int.random(in: 20...300, using: &random)
            let exit = try await restartArmed(target, failpoints: "\(point)=sleep(\(milliseconds))",
                                              runSeconds: Double.random(in: 2...5, using: &random))
            return "\(point) sleeps \(milliseconds) ms: \(exit)"
        }
    }

    /// kill -9, a run with `failpoints` armed for at most `runSeconds`, then an unarmed run.
    private func restartArmed(_ target: Int, failpoints: String, runSeconds: Double) async throws -> String {
        await cluster.kill(target)
        try await cluster.start(target, failpoints: failpoints)
        let status = await cluster.waitForExit(target, seconds: runSeconds)
        if status == nil { await cluster.kill(target) }
        try await cluster.start(target)
        return status.map { "crashed (status \($0)), restarted" } ?? "did not fire, restarted"
    }

    /// The member the running members say leads, if they can say.
    private func leaderIndex() async -> Int? {
        var ids: [UInt64: Int] = [:]
        var leader: UInt64?
        for (index, member) in cluster.members.enumerated() where await cluster.state(index) == .running {
            guard let endpoint = try? Endpoint(parsing: member.clientURL) else { continue }
            let client = EtcdClient(ClientConfiguration(endpoints: [endpoint], dialTimeout: .milliseconds(500),
                                                        commandTimeout: .milliseconds(500)))
            let status = try? await client.withConnection(to: endpoint) { connection in
                try await connection.maintenance.status(Etcdserverpb_StatusRequest(), metadata: connection.metadata,
                                                        options: connection.options)
            }
            guard let status else { continue }
            ids[status.header.memberID] = index
            if status.leader != 0 { leader = status.leader }
        }
        return leader.flatMap { ids[$0] }
    }
}
