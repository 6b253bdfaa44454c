import API
import Client
import GRPCCore
import TestSupport

/// Injects one fault at a time, at random moments and on random members (the leader half
/// of the time), until the deadline; each fault is undone before the next, so a majority is
/// always up but for the moments a restarted member takes to catch up.
struct Nemesis: Sendable {
    var cluster: HarnessCluster
    var kinds: [FaultKind]
    var clock: HarnessClock
    var deadlineNanoseconds: UInt64
    var random: SeededRandom

    /// Each fault takes at least the half-second pause before it.
    var faultsMax: Int { Int(Double(deadlineNanoseconds) / 5e8) + 2 }

    /// The faults injected, one line each, with the time they began.
    func run() async throws -> [String] {
        precondition(!kinds.isEmpty, "a nemesis with nothing to do")
        var random = self.random
        var log: [String] = []
        for _ in 0..<faultsMax {
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
            // A share of the passes, so that the crash comes at a random one, not always the
            // first; a defragment passes its point once, so that one always acts.
            let percent = point == "defragmentMid" ? 100 : Int.random(in: 5...50, using: &random)
            let exit = try await restartArmed(target, failpoints: "\(point)=\(percent)%panic", runSeconds: 4,
                                              panicking: point, random: &random)
            return "\(point) at \(percent)% of passes: \(exit)"
        case .slowdisk:
            let point = FaultFailpoints.slowPoints.randomElement(using: &random)!
            let milliseconds = Int.random(in: 20...300, using: &random)
            let exit = try await restartArmed(target, failpoints: "\(point)=sleep(\(milliseconds))",
                                              runSeconds: Double.random(in: 2...5, using: &random), panicking: nil,
                                              random: &random)
            return "\(point) sleeps \(milliseconds) ms: \(exit)"
        case .membership:
            return try await MemberReplacement(cluster: cluster).replace(target)
        case .partition:
            let (cut, unsent, shape) = Self.partitionShape(around: target, size: cluster.members.count, random: &random)
            let milliseconds = Int.random(in: 1_000...4_000, using: &random)
            try await cluster.partition(cut: cut, unsent: unsent)
            try await Task.sleep(for: .milliseconds(milliseconds))
            try await cluster.partition(cut: [], unsent: [])
            return "\(shape) for \(milliseconds) ms"
        case .lossy:
            let percent = Int.random(in: 5...40, using: &random)
            let milliseconds = Int.random(in: 1_000...4_000, using: &random)
            try await cluster.degrade(lossPercent: percent)
            try await Task.sleep(for: .milliseconds(milliseconds))
            try await cluster.degrade(lossPercent: 0)
            return "\(percent)% of peer packets lost for \(milliseconds) ms"
        }
    }

    /// One of four splits of the peer network around `target`: cut off alone, in a minority,
    /// as the one bridge between two halves, or able to receive but not to send.
    static func partitionShape(around target: Int, size: Int, random: inout SeededRandom)
        -> (cut: [(Int, Int)], unsent: [(from: Int, to: Int)], shape: String) {
        let others = (0..<size).filter { $0 != target }.shuffled(using: &random)
        func across(_ side: [Int], _ rest: [Int]) -> [(Int, Int)] { side.flatMap { a in rest.map { (a, $0) } } }
        switch Int.random(in: 0..<4, using: &random) {
        case 0:
            return (across([target], others), [], "isolated")
        case 1 where size >= 3:
            let minority = [target] + others.prefix(Int.random(in: 0...((size - 1) / 2 - 1), using: &random))
            let majority = others.filter { !minority.contains($0) }
            return (across(minority, majority), [], "minority \(minority.sorted().map { "m\($0)" })")
        case 2 where size >= 3:
            let half = others.count / 2
            return (across(Array(others.prefix(half)), Array(others.dropFirst(half))), [], "the only bridge")
        default:
            return ([], others.map { (from: target, to: $0) }, "unable to send")
        }
    }

    /// kill -9, a pause in which the others move on (often past the log the leader keeps, so
    /// that the member needs a snapshot), a run with `failpoints` armed for at most
    /// `runSeconds` once it answers (a member replaying its log takes seconds to start),
    /// then an unarmed run. Any exit but the panic of the point `panicking` is a finding.
    private func restartArmed(_ target: Int, failpoints: String, runSeconds: Double, panicking: String?,
                              random: inout SeededRandom) async throws -> String {
        await cluster.kill(target)
        try await Task.sleep(for: .milliseconds(Int.random(in: 500...3_000, using: &random)))
        try await cluster.start(target, failpoints: failpoints)
        await Campaign.waitUntil(seconds: 20) {
            if await cluster.state(target) == .down { return true }
            return await status(of: target) != nil
        }
        // Nothing defragments by itself: ask, so that the point is passed.
        if failpoints.hasPrefix("defragmentMid") { await defragment(target) }
        let exit = await cluster.waitForExit(target, seconds: runSeconds)
        if let exit {
            let log = (try? String(contentsOf: cluster.logURL(target), encoding: .utf8)) ?? ""
            let thisRun = log.components(separatedBy: "=== harness: start").last ?? ""
            if exit != 2 || panicking.map({ !thisRun.contains("panic: failpoint \($0)") }) ?? true {
                await cluster.noteExit(target, "exited with status \(exit) while armed with \(failpoints), not by its failpoint")
            }
        } else {
            await cluster.kill(target)
        }
        try await cluster.start(target)
        return exit.map { "crashed (status \($0)), restarted" } ?? "did not fire, restarted"
    }

    /// The member the running members say leads, if they can say.
    private func leaderIndex() async -> Int? {
        var ids: [UInt64: Int] = [:]
        var leader: UInt64?
        for index in cluster.members.indices where await cluster.state(index) == .running {
            guard let status = await status(of: index) else { continue }
            ids[status.header.memberID] = index
            if status.leader != 0 { leader = status.leader }
        }
        return leader.flatMap { ids[$0] }
    }

    private func defragment(_ index: Int) async {
        guard let endpoint = try? Endpoint(parsing: cluster.members[index].clientURL) else { return }
        let client = EtcdClient(ClientConfiguration(endpoints: [endpoint], dialTimeout: .seconds(1)))
        _ = try? await client.withConnection(to: endpoint) { connection in
            try await connection.maintenance.defragment(Etcdserverpb_DefragmentRequest(), metadata: connection.metadata,
                                                        options: connection.options)
        }
    }

    /// A member's answer to Status, or nil if it gives none within a second.
    private func status(of index: Int) async -> Etcdserverpb_StatusResponse? {
        guard let endpoint = try? Endpoint(parsing: cluster.members[index].clientURL) else { return nil }
        let client = EtcdClient(ClientConfiguration(endpoints: [endpoint], dialTimeout: .milliseconds(500),
                                                    commandTimeout: .milliseconds(500)))
        return try? await client.withConnection(to: endpoint) { connection in
            try await connection.maintenance.status(Etcdserverpb_StatusRequest(), metadata: connection.metadata,
                                                    options: connection.options)
        }
    }
}
