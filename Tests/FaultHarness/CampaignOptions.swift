import Foundation

public struct CampaignOptions: Sendable {
    public var seed: UInt64
    public var durationSeconds: Double
    public var members: Int
    public var clients: Int
    public var faults: [FaultKind]
    /// The kvd executable the members run.
    public var kvd: URL
    /// Where member data, logs and the history go.
    public var directory: URL
    /// Extra kvd flags for every member.
    public var memberFlags: [String]
    /// The members' network namespaces, for partitions; nil runs them on loopback.
    public var lab: NetworkLab?

    public init(seed: UInt64, durationSeconds: Double, members: Int, clients: Int, faults: [FaultKind], kvd: URL,
                directory: URL, lab: NetworkLab?,
                memberFlags: [String] = ["--snapshot-count", "300", "--experimental-snapshot-catchup-entries", "50"]) {
        precondition(durationSeconds > 0 && durationSeconds <= 24 * 3600, "a campaign lasts up to a day")
        precondition((1...7).contains(members) && (1...64).contains(clients), "members 1-7, clients 1-64")
        precondition(lab != nil || !faults.contains(where: \.needsNamespaces), "partitions need network namespaces")
        self.seed = seed
        self.durationSeconds = durationSeconds
        self.members = members
        self.clients = clients
        self.faults = faults
        self.kvd = kvd
        self.directory = directory
        self.memberFlags = memberFlags
        self.lab = lab
    }
}

/// What a campaign found, in one line for logs and in full for its report.
public struct CampaignSummary: Sendable {
    public var operations: Int
    public var ok: Int
    public var failed: Int
    public var unknown: Int
    public var faults: [String]
    public var findings: [String]
    public var undecided: Bool
    public var linearizability: String
    /// Leases whose life was followed to the end.
    public var leases = 0
    /// Every operation, one line each, in the order they completed.
    public var history: [String]

    public enum Result: String, Sendable {
        case valid
        case invalid = "INVALID"
        case undecided
    }

    public var result: Result { !findings.isEmpty ? .invalid : (undecided ? .undecided : .valid) }

    public var line: String {
        "ops=\(operations) ok=\(ok) failed=\(failed) unknown=\(unknown) faults=\(faults.count) result=\(result.rawValue)"
    }

    public var report: String {
        ([line, "linearizability: \(linearizability)", "leases followed: \(leases)", "", "faults:"] + faults + ["", "findings:"]
            + (findings.isEmpty ? ["none"] : findings)).joined(separator: "\n")
    }
}
