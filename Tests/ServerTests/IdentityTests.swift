@testable import Member
import Testing
@testable import Server

@Suite struct IdentityTests {
    /// etcd's well-known ids for a member started with no flags.
    @Test func aDefaultMemberGetsEtcdsIDs() {
        let member = Identity.memberID(peerURLs: ["http://localhost:2380"], token: "etcd-cluster")
        #expect(hexID(member) == "8e9e05c52164694d")
        #expect(hexID(Identity.clusterID(memberIDs: [member])) == "cdf818194e3a8c32")
    }

    @Test func idsDependOnURLsAndTokenNotOrder() {
        let a = Identity.memberID(peerURLs: ["http://a:2380", "http://b:2380"], token: "t")
        #expect(a == Identity.memberID(peerURLs: ["http://b:2380", "http://a:2380"], token: "t"))
        #expect(a != Identity.memberID(peerURLs: ["http://a:2380", "http://b:2380"], token: "u"))
        #expect(Identity.clusterID(memberIDs: [1, 2, 3]) == Identity.clusterID(memberIDs: [3, 1, 2]))
    }
}
