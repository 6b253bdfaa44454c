import Testing
import TLS

@Suite struct InitialClusterTests {
    @Test func collectsURLsPerMemberInOrder() throws {
        let cluster = try InitialCluster(parsing: "a=https://10.0.0.1:2380,b=http://host-b.example:2380,a=https://[fd00::1]:2381/")
        #expect(cluster.members.map(\.name) == ["a", "b"])
        #expect(cluster.members[0].peerURLs.map(\.description) == ["https://10.0.0.1:2380", "https://[fd00::1]:2381"])
        #expect(cluster.members[0].peerURLs[1].host == .ip(try #require(IPAddress("fd00::1"))))
        #expect(cluster.members[1].peerURLs[0] == (try PeerURL(parsing: "http://host-b.example:2380")))
        #expect(cluster.members[1].peerURLs[0].host == .dns("host-b.example"))
        #expect(cluster.members[1].peerURLs[0].scheme == .http)
        #expect(cluster.members[1].peerURLs[0].port == 2380)
    }

    @Test(arguments: [
        "", "a", "a=", "=https://h:1", "a=https://h:1,", "a b=https://h:1", "a=unix://h:1", "a=https://h", "a=https://h:0",
        "a=https://h:65536", "a=https://h:+1", "a=https://h:1/path", "a=https://u@h:1", "a=https://h:1?x", "a=https://[h]:1",
        "a=https://::1:1", "a=https://10.0.0:1", "a=https://-h:1", "a=https://h_1:1", "a=https://h:1,b=https://h:1", "a=https:/h:1",
    ])
    func refusesMalformedStrings(text: String) {
        let error = #expect(throws: TLSError.self) { try InitialCluster(parsing: text) }
        #expect(error?.description.hasPrefix("bad initial cluster: ") == true)
    }
}
