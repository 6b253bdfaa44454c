import Foundation
import Testing
@testable import kvctl

@Suite struct CheckPerfTests {
    @Test func loadsAreEtcdctls() {
        #expect(PerfLoad.names.compactMap(PerfLoad.named) == [
            PerfLoad(limit: 150, clients: 50), PerfLoad(limit: 1000, clients: 200),
            PerfLoad(limit: 8000, clients: 500), PerfLoad(limit: 15000, clients: 1000),
        ])
        #expect(PerfLoad.named("xxl") == nil)
    }

    /// One connection per writer, as etcdctl; more when a connection would carry more than
    /// 5 requests a second (etcd PINGs back every request, and swift-nio-http2 takes over 200
    /// PINGs in 30 seconds for a flood).
    @Test func connectionsKeepUnderThePingFloodBound() {
        #expect(PerfLoad.names.compactMap(PerfLoad.named).map(PerfRun.connectionCount) == [50, 200, 1600, 3000])
        for load in PerfLoad.names.compactMap(PerfLoad.named) {
            #expect(Double(load.limit) / Double(PerfRun.connectionCount(for: load)) * 30 < 200)
        }
    }

    @Test func keysAreThePrefixAndAVarintIn256Bytes() {
        let key = PerfLoad.key(prefix: "/p/", random: 300)
        #expect(key.count == 3 + 256)
        // 300 zig-zagged is 600: 0xD8 0x04 as a varint, then zeros.
        #expect(Array(key[3..<6]) == [0xD8, 0x04, 0x00])
        #expect(key[6...].allSatisfy { $0 == 0 })
        #expect(PerfLoad.key(prefix: "", random: Int64.max).prefix(10).allSatisfy { $0 != 0 })
    }

    @Test func passesOnlyWhenEveryCriterionHolds() {
        let steady = PerfResults(latenciesSeconds: Array(repeating: 0.01, count: 1500), elapsedSeconds: 10)
        #expect(steady.verdict(for: PerfLoad(limit: 150, clients: 50)) == ([
            "PASS: Throughput is 150 writes/s", "PASS: Slowest request took 0.010000s", "PASS: Stddev is 0.000000s", "PASS",
        ], true))

        let slow = PerfResults(latenciesSeconds: [0.1, 0.1, 0.1, 0.9], errors: ["etcdserver: too many requests": 2], elapsedSeconds: 1)
        let verdict = slow.verdict(for: PerfLoad(limit: 5, clients: 1))
        #expect(verdict.passed == false)
        #expect(verdict.lines == [
            "FAIL: too many errors", "FAIL: ERROR(etcdserver: too many requests) -> 2", "FAIL: Throughput too low: 4 writes/s",
            "Slowest request took too long: 0.900000s", "Stddev too high: 0.346410s", "FAIL",
        ])
        // 90% of the limit is not enough.
        let ninety = PerfResults(latenciesSeconds: Array(repeating: 0.01, count: 9), elapsedSeconds: 1)
        #expect(ninety.verdict(for: PerfLoad(limit: 10, clients: 1)).lines.first == "FAIL: Throughput too low: 9 writes/s")
    }
}
