import API
import Client
import Foundation
import GRPCCore
import Linearizability
import TestSupport

/// One campaign: a cluster of real members, clients and watchers running while the nemesis
/// injects faults, then every member healed, and the whole history checked.
public struct Campaign: Sendable {
    public let options: CampaignOptions
    static let prefix = "k/"
    static let keyCount = 6
    static let fenceKey = "k/fence"

    public init(options: CampaignOptions) { self.options = options }

    public func run() async throws -> CampaignSummary {
        var random = SeededRandom(seed: options.seed)
        let clock = HarnessClock()
        let history = History()
        let cluster = try HarnessCluster(kvd: options.kvd, directory: options.directory, size: options.members,
                                         flags: options.memberFlags, lab: options.lab)
        let endpoints = try cluster.members.map { try Endpoint(parsing: $0.clientURL) }
        do {
            for index in cluster.members.indices { try await cluster.start(index) }
            let summary = try await exercise(cluster, endpoints: endpoints, clock: clock, history: history, random: &random)
            await cluster.stopAll()
            return summary
        } catch {
            await cluster.stopAll()
            throw error
        }
    }

    private func exercise(_ cluster: HarnessCluster, endpoints: [Endpoint], clock: HarnessClock, history: History,
                          random: inout SeededRandom) async throws -> CampaignSummary {
        let fences = Fences(endpoints: endpoints, clock: clock, history: history)
        _ = try await fences.write(patienceSeconds: 60)
        let deadline = clock.nanoseconds + UInt64(options.durationSeconds * 1e9)
        let keys = (0..<Self.keyCount).map { "\(Self.prefix)\($0)" }
        let watchers = endpoints.indices.map { index in
            Watcher(endpoints: Array(endpoints[index...] + endpoints[..<index]), prefix: Self.prefix, startRevision: 1)
        }
        let nemesis = Nemesis(cluster: cluster, kinds: options.faults, clock: clock, deadlineNanoseconds: deadline,
                              random: random.split())
        let clients = (0..<options.clients).map { id in
            KVClient(id: id, endpoints: endpoints, keys: keys, history: history, clock: clock,
                     deadlineNanoseconds: deadline, operationTimeout: .seconds(2), random: random.split())
        }
        let leaseClient = LeaseClient(endpoints: endpoints, clock: clock, deadlineNanoseconds: deadline,
                                      random: random.split())
        let watching = watchers.map { watcher in Task { await watcher.run() } }
        async let leases = leaseClient.run()
        let faults = try await withThrowingTaskGroup(of: [String].self) { group in
            for client in clients { group.addTask { await client.run(); return [] } }
            if !options.faults.isEmpty { group.addTask { try await nemesis.run() } }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        try await cluster.heal()
        let final = try await fences.write(patienceSeconds: 60)
        var findings = await cluster.unexpectedExits
        findings += try await Convergence(endpoints: endpoints, clock: clock, history: history)
            .check(revision: final, keys: keys + [Self.fenceKey])
        findings += await finishWatches(watchers, watching, through: final, endpoints: endpoints,
                                        operations: history.all)
        let operations = history.all
        findings += HistoryChecks.serializableReads(operations) + HistoryChecks.revisions(operations)
        let leaseRecords = await leases
        findings += LeaseChecks.noEarlyExpiry(leaseRecords)
        let linearizable = LinearizabilityCheck.check(operations, budget: SearchBudget(
            maxStepsPerPartition: 20_000_000, maxUnknownPerPartition: 400))
        if linearizable.verdict == .notLinearizable { findings.append(linearizable.report) }
        await cluster.noteUnexpectedExits()
        findings += await cluster.unexpectedExits.filter { !findings.contains($0) }
        var summary = summarize(operations, faults: faults, findings: findings, linearizability: linearizable)
        summary.leases = leaseRecords.count
        return summary
    }

    /// Waits for every watcher to reach the final fence, then compares what each received, and
    /// each member's history, with the history of the first member.
    private func finishWatches(_ watchers: [Watcher], _ tasks: [Task<Void, Never>], through final: Int64,
                               endpoints: [Endpoint], operations: [ClientOperation]) async -> [String] {
        await Self.waitUntil(seconds: 60) { watchers.allSatisfy { $0.reached >= final } }
        for task in tasks { task.cancel() }
        var histories: [String: [WatchedEvent]] = [:]
        var findings: [String] = []
        for (index, endpoint) in endpoints.enumerated() {
            let reference = Watcher(endpoints: [endpoint], prefix: Self.prefix, startRevision: 1)
            let task = Task { await reference.run() }
            await Self.waitUntil(seconds: 30) { reference.reached >= final }
            task.cancel()
            if reference.reached < final { findings.append("m\(index)'s history stops at \(reference.reached), before \(final)") }
            histories["m\(index)"] = reference.events.filter { $0.revision <= final }
        }
        findings += WatchChecks.membersAgree(histories)
        let history = histories["m0"] ?? []
        findings += WatchChecks.selfConsistent(history)
        findings += WatchChecks.historyHoldsTheWrites(history, operations: operations)
        for (index, watcher) in watchers.enumerated() {
            findings += WatchChecks.watcher("watcher \(index)", received: watcher.events, start: watcher.startRevision,
                                            through: final, history: history)
            findings += watcher.problems
        }
        return findings
    }

    private func summarize(_ operations: [ClientOperation], faults: [String], findings: [String],
                           linearizability: CheckResult<KVModel>) -> CampaignSummary {
        var ok = 0, failed = 0, unknown = 0
        for operation in operations {
            switch operation.outcome {
            case .ok: ok += 1
            case .failed: failed += 1
            case .unknown: unknown += 1
            }
        }
        return CampaignSummary(operations: operations.count, ok: ok, failed: failed, unknown: unknown, faults: faults,
                               findings: findings, undecided: linearizability.verdict == .undecided,
                               linearizability: linearizability.summary, history: operations.map(\.description))
    }

    /// Polls `condition` every 100 ms until it holds or `seconds` have passed (a poll that
    /// itself takes long counts against them).
    static func waitUntil(seconds: Double, _ condition: () async -> Bool) async {
        let deadline = ContinuousClock.now + .seconds(seconds)
        for _ in 0..<Int(seconds * 10) + 1 {
            if await condition() || ContinuousClock.now >= deadline { return }
            try? await Task.sleep(for: .milliseconds(100))
        }
    }
}
