/// A single-member configuration change, carried through the log as an entry of kind
/// `.confChange` and applied by the application with `RaftNode.applyConfChange`.
public struct ConfChange: Hashable, Sendable {
    public enum Kind: UInt8, Sendable, Hashable {
        /// Adds a voter, or promotes a learner to voter.
        case addNode = 0
        case removeNode = 1
        /// Adds a learner, or demotes a voter to learner.
        case addLearner = 2
    }

    public var kind: Kind
    public var nodeID: NodeID
    /// Opaque to Raft; the server keeps the member's URLs here.
    public var context: [UInt8]

    public init(kind: Kind, nodeID: NodeID, context: [UInt8] = []) {
        self.kind = kind
        self.nodeID = nodeID
        self.context = context
    }

    /// Layout: kind (1 byte), node id (8 bytes little-endian), context (the rest).
    public var encoded: [UInt8] {
        var bytes: [UInt8] = [kind.rawValue]
        bytes.reserveCapacity(9 + context.count)
        withUnsafeBytes(of: nodeID.littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: context)
        return bytes
    }

    /// Returns nil for bytes that are not a conf change, so a damaged entry is an error
    /// the caller reports rather than a crash.
    public init?(decoding bytes: [UInt8]) {
        guard bytes.count >= 9, let kind = Kind(rawValue: bytes[0]) else { return nil }
        var id: UInt64 = 0
        for i in (1...8).reversed() { id = id << 8 | UInt64(bytes[i]) }
        self.init(kind: kind, nodeID: id, context: Array(bytes[9...]))
    }
}
