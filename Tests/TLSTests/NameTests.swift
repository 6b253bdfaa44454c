import Testing
import TLS

@Suite struct NameTests {
    @Test func ipAddressesParseStrictlyAndPrintCanonically() {
        #expect(IPAddress("10.0.0.1")?.bytes == [10, 0, 0, 1])
        #expect(IPAddress("FD00:0::1")?.description == "fd00::1")
        for bad in ["10.0.0", "10.0.0.01", "1.2.3.4.5", "256.0.0.1", "::g", "[::1]", "", " 1.2.3.4"] {
            #expect(IPAddress(bad) == nil, "\(bad)")
        }
    }

    @Test func dnsNamesFollowRFC1123() {
        for good in ["localhost", "a.example", "x-1.example.org", "A.B"] {
            #expect(DNSName.isValid(good), "\(good)")
        }
        for bad in ["", "-a", "a-", "a..b", "a.", "a_b", "10.0.0", "a,b", "*.example.com", String(repeating: "a", count: 64)] {
            #expect(!DNSName.isValid(bad), "\(bad)")
        }
        #expect(DNSName.isValid("*.example.com", allowingWildcard: true))
        #expect(!DNSName.isValid("*.com", allowingWildcard: true))
    }

    @Test func alternativeNamesMergeWithoutRepeats() throws {
        let hosts = try SubjectAlternativeNames(hosts: [.dns("a.example"), .ip(#require(IPAddress("10.0.0.1")))])
        let extras = try SubjectAlternativeNames(ipTexts: ["10.0.0.1", "127.0.0.1"], dnsNames: ["b.example", "a.example"])
        let merged = hosts.merging(extras)
        #expect(merged.dnsNames == ["a.example", "b.example"])
        #expect(merged.ipAddresses.map(\.description) == ["10.0.0.1", "127.0.0.1"])
    }

    @Test func clientFileNamesCannotEscapeOrCollide() throws {
        #expect(try CertificateProfile.client.fileStem(name: "alice") == "alice")
        #expect(try CertificateProfile.server.fileStem(name: "node1") == "server")
        for bad in ["ca", "server", "peer", "", ".", "..", "a/b"] {
            #expect(throws: TLSError.self) { try CertificateProfile.client.fileStem(name: bad) }
        }
    }
}
