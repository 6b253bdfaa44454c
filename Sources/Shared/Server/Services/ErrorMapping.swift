import GRPCCore
import MVCC
import Member

/// LMDB's MDB_MAP_FULL, and the POSIX "no space left on device".
private let mdbMapFull: Int32 = -30_792
private let enospc: Int32 = 28

extension EtcdError {
    /// The RPC error a client gets for `error`, as etcd's `togRPCError` maps its errors:
    /// known failures get etcd's code and message, anything else Unknown with its description.
    static func from(_ error: any Error) -> RPCError {
        switch error {
        case let error as RPCError: error
        case let error as MVCCError: from(error)
        case let error as MemberError: from(error)
        case let error as MembershipError: from(error)
        case is CancellationError: RPCError(code: .cancelled, message: "context canceled")
        default: RPCError(code: .unknown, message: String(describing: error))
        }
    }

    static func from(_ error: MVCCError) -> RPCError {
        switch error {
        case .compacted: compacted
        case .futureRevision: futureRevision
        case .keyNotFound: keyNotFound
        case .leaseNotFound: leaseNotFound
        case .leaseExists: leaseExists
        case .leaseTTLTooLarge: leaseTTLTooLarge
        case .duplicateKey: duplicateKey
        case .emptyKey: emptyKey
        case .noSpace: noSpace
        // etcd has no key limit of its own; a key LMDB cannot hold makes the request too large.
        case .keyTooLarge: requestTooLarge
        // The store closes only when the member stops.
        case .closed: stopped
        case .storage(let code, _) where code == mdbMapFull || code == enospc: noSpace
        case .storage: RPCError(code: .unknown, message: error.description)
        }
    }

    static func from(_ error: MemberError) -> RPCError {
        switch error {
        case .noLeader: noLeader
        case .timeout: timeout
        case .timeoutDueToLeaderFail: timeoutDueToLeaderFail
        case .leaderChanged: leaderChanged
        case .stopped: stopped
        case .corruptLog: corrupt
        }
    }
}

extension EtcdError {
    /// etcd tells a client a removed id is simply not found.
    static func from(_ error: MembershipError) -> RPCError {
        switch error {
        case .notFound, .idRemoved: memberNotFound
        case .idExists: memberExists
        case .peerURLExists: peerURLExists
        case .notLearner: memberNotLearner
        case .learnerNotReady: learnerNotReady
        case .tooManyLearners: tooManyLearners
        case .notEnoughStarted: memberNotEnoughStarted
        case .unhealthy: unhealthy
        case .badURLs: memberBadURLs
        case .notLeader: notLeader
        }
    }
}

/// Runs a service method's body and turns whatever it throws into etcd's RPC error.
func withEtcdErrors<Value>(_ body: () async throws -> Value) async throws(RPCError) -> Value {
    do {
        return try await body()
    } catch {
        throw EtcdError.from(error)
    }
}
