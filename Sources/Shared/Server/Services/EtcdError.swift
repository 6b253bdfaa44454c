import GRPCCore

/// etcd's gRPC errors (its `rpctypes` package): codes and messages exactly as etcd sends them,
/// because clients (etcdctl, clientv3's retry logic) match on both.
enum EtcdError {
    static let emptyKey = RPCError(code: .invalidArgument, message: "etcdserver: key is not provided")
    static let keyNotFound = RPCError(code: .invalidArgument, message: "etcdserver: key not found")
    static let valueProvided = RPCError(code: .invalidArgument, message: "etcdserver: value is provided")
    static let leaseProvided = RPCError(code: .invalidArgument, message: "etcdserver: lease is provided")
    static let tooManyOps = RPCError(code: .invalidArgument, message: "etcdserver: too many operations in txn request")
    static let duplicateKey = RPCError(code: .invalidArgument, message: "etcdserver: duplicate key given in txn request")
    static let compacted = RPCError(code: .outOfRange, message: "etcdserver: mvcc: required revision has been compacted")
    static let futureRevision = RPCError(code: .outOfRange, message: "etcdserver: mvcc: required revision is a future revision")
    static let noSpace = RPCError(code: .resourceExhausted, message: "etcdserver: mvcc: database space exceeded")
    static let requestTooLarge = RPCError(code: .invalidArgument, message: "etcdserver: request is too large")

    static let leaseNotFound = RPCError(code: .notFound, message: "etcdserver: requested lease not found")
    static let leaseExists = RPCError(code: .failedPrecondition, message: "etcdserver: lease already exists")
    static let leaseTTLTooLarge = RPCError(code: .outOfRange, message: "etcdserver: too large lease TTL")

    static let noLeader = RPCError(code: .unavailable, message: "etcdserver: no leader")
    static let notLeader = RPCError(code: .failedPrecondition, message: "etcdserver: not leader")
    static let leaderChanged = RPCError(code: .unavailable, message: "etcdserver: leader changed")
    static let stopped = RPCError(code: .unavailable, message: "etcdserver: server stopped")
    static let timeout = RPCError(code: .unavailable, message: "etcdserver: request timed out")
    static let timeoutDueToLeaderFail = RPCError(
        code: .unavailable, message: "etcdserver: request timed out, possibly due to previous leader failure")
    static let corrupt = RPCError(code: .dataLoss, message: "etcdserver: corrupt cluster")
    static let badLeaderTransferee = RPCError(code: .failedPrecondition, message: "etcdserver: bad leader transferee")
    /// etcd leaves this one out of its error table, so it reaches clients as Unknown.
    static let leaderTransferTimeout = RPCError(
        code: .unknown, message: "etcdserver: request timed out, leader transfer took too long")

    static let memberNotFound = RPCError(code: .notFound, message: "etcdserver: member not found")
    static let memberExists = RPCError(code: .failedPrecondition, message: "etcdserver: member ID already exist")
    static let peerURLExists = RPCError(code: .failedPrecondition, message: "etcdserver: Peer URLs already exists")
    static let memberNotEnoughStarted = RPCError(
        code: .failedPrecondition, message: "etcdserver: re-configuration failed due to not enough started members")
    static let memberBadURLs = RPCError(code: .invalidArgument, message: "etcdserver: given member URLs are invalid")
    static let memberNotLearner = RPCError(code: .failedPrecondition, message: "etcdserver: can only promote a learner member")
    static let learnerNotReady = RPCError(
        code: .failedPrecondition, message: "etcdserver: can only promote a learner member which is in sync with leader")
    static let tooManyLearners = RPCError(code: .failedPrecondition, message: "etcdserver: too many learner members in cluster")
    static let unhealthy = RPCError(code: .unavailable, message: "etcdserver: unhealthy cluster")
    static let notSupportedForLearner = RPCError(code: .unavailable, message: "etcdserver: rpc not supported for learner")

    static let authNotEnabled = RPCError(code: .failedPrecondition, message: "etcdserver: authentication is not enabled")

    /// For the parts of etcd's API kvd does not serve; says which, so the client's error is clear.
    static func unimplemented(_ method: String) -> RPCError {
        RPCError(code: .unimplemented, message: "kvd: \(method) is not implemented")
    }

    /// A request that etcd's protobuf allows but whose meaning etcd leaves undefined
    /// (an enum value it does not know); etcd would misbehave, kvd refuses it.
    static func unknownEnumValue(_ field: String, _ rawValue: Int) -> RPCError {
        RPCError(code: .invalidArgument, message: "kvd: unknown \(field) \(rawValue)")
    }

    /// The store answered a request with another request's response: a kvd bug, reported
    /// rather than crashing the member.
    static func unexpectedResponse(to method: String) -> RPCError {
        RPCError(code: .internalError, message: "kvd: the store answered \(method) with another kind of response")
    }
}
