import CCrypto
import Raft

/// Member and cluster ids derived the way etcd derives them, so a member started with the
/// same flags gets the same ids as etcd would give it (and `etcdctl member list` shows
/// familiar numbers): the first 8 bytes, big-endian, of a SHA-1.
public enum Identity {
    /// From the member's peer URLs (sorted, concatenated) and the cluster token.
    public static func memberID(peerURLs: [String], token: String) -> NodeID {
        firstWord(sha1(Array((peerURLs.sorted().joined() + token).utf8)))
    }

    /// From the founding members' ids, sorted, each as 8 big-endian bytes.
    public static func clusterID(memberIDs: [NodeID]) -> UInt64 {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(memberIDs.count * 8)
        for id in memberIDs.sorted() {
            withUnsafeBytes(of: id.bigEndian) { bytes.append(contentsOf: $0) }
        }
        return firstWord(sha1(bytes))
    }

    private static func sha1(_ bytes: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 20)
        var length: UInt32 = 0
        let ok = bytes.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &digest, &length, EVP_sha1(), nil)
        }
        precondition(ok == 1 && length == 20, "libcrypto's SHA-1 failed")
        return digest
    }

    private static func firstWord(_ digest: [UInt8]) -> UInt64 {
        digest.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
