import Testing
@testable import Server

@Suite struct NodeConfigurationTests {
    /// Requests time out as etcd's do: after 5 s plus two election timeouts, whatever the
    /// heartbeat and election flags say.
    @Test func theRequestTimeoutIsEtcds() throws {
        var configuration = try NodeConfiguration()
        #expect(configuration.electionTicks == 10 && configuration.requestTimeoutTicks == 70)
        configuration.heartbeatIntervalMs = 50
        configuration.electionTimeoutMs = 500
        #expect(configuration.requestTimeoutTicks == 120, "5 s of 50 ms ticks, then two 10-tick elections")
        configuration.heartbeatIntervalMs = 300
        configuration.electionTimeoutMs = 3_000
        #expect(configuration.requestTimeoutTicks == 37, "17 ticks cover 5 s, then two 10-tick elections")
    }
}
