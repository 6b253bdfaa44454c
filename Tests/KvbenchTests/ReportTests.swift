import Foundation
import Histogram
import Testing
@testable import kvbench

@Suite struct ReportTests {
    /// 100 puts of 10, 20, ... 1000 µs (below 2048 µs a histogram of three digits is exact),
    /// 50 gets of 2 ms and two errors, over two seconds.
    private func sample() -> Report {
        var recorder = Recorder()
        for step in 1...100 { recorder.record(.put, microseconds: UInt64(step * 10)) }
        var other = Recorder()
        for _ in 0..<50 { other.record(.get, .milliseconds(2)) }
        other.recordError("etcdserver: request timed out")
        other.recordError("etcdserver: request timed out")
        recorder.merge(other)
        return Report(workload: "mixed: test", clients: 4, expected: 200, timeLimitReached: true, recorder: recorder,
                      elapsed: .seconds(2))
    }

    @Test func summarisesLatencyAndThroughput() {
        let report = sample()
        #expect(report.requests == 150)
        #expect(report.errors == 2)
        #expect(report.errorMessages == ["etcdserver: request timed out": 2])
        #expect(report.elapsedSeconds == 2)
        #expect(report.throughput == 75)
        #expect(report.operations.map(\.operation) == [.put, .get])
        let put = report.operations[0]
        #expect(put.requests == 100 && put.throughput == 50)
        #expect(put.latency == LatencySummary(p50Ms: 0.5, p90Ms: 0.9, p99Ms: 0.99, maxMs: 1.0, meanMs: 0.505))
        let get = report.operations[1]
        #expect(get.requests == 50 && get.throughput == 25)
        #expect(get.latency == LatencySummary(p50Ms: 2, p90Ms: 2, p99Ms: 2, maxMs: 2, meanMs: 2))
        // All 150: the 100 puts are the fastest two thirds.
        #expect(report.latency.p50Ms == 0.75)
        #expect(report.latency.p90Ms == 2 && report.latency.maxMs == 2)
    }

    @Test func latenciesRoundUpToWholeMicroseconds() {
        #expect(Recorder.microseconds(.nanoseconds(1)) == 1)
        #expect(Recorder.microseconds(.microseconds(7)) == 7)
        #expect(Recorder.microseconds(.seconds(2) + .nanoseconds(1001)) == 2_000_002)
        #expect(Recorder.microseconds(.zero) == 0)
    }

    @Test func anEmptyRunReportsZeroes() {
        let report = Report(workload: "put: test", clients: 1, expected: 5, timeLimitReached: true, recorder: Recorder(),
                            elapsed: .seconds(1))
        #expect(report.requests == 0 && report.throughput == 0 && report.operations.isEmpty)
        #expect(report.latency == LatencySummary(p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0))
    }

    @Test func jsonRoundTripsWithSnakeCaseNames() throws {
        let report = sample()
        let json = ReportText.render(report, format: .json)
        #expect(!json.contains("\n"))
        #expect(json.contains(#""p99_ms":0.99"#))
        #expect(json.contains(#""time_limit_reached":true"#))
        #expect(json.contains(#""error_messages":{"etcdserver: request timed out":2}"#))
        #expect(try ReportText.decode(Data(json.utf8)) == report)
    }

    @Test func simpleTextIsATable() {
        #expect(ReportText.render(sample(), format: .simple) == """
            mixed: test
            150 requests, 2 errors in 2.000 s (time limit reached, 200 planned)
                 requests  ops/s  p50 ms  p90 ms  p99 ms  max ms  mean ms
            put       100   50.0   0.500   0.900   0.990   1.000    0.505
            get        50   25.0   2.000   2.000   2.000   2.000    2.000
            all       150   75.0   0.750   2.000   2.000   2.000    1.003
            error (2x): etcdserver: request timed out
            """)
    }

    @Test func comparisonGivesTheCandidatesRatios() throws {
        let baseline = sample()
        var candidate = sample()
        candidate.throughput = 30
        candidate.latency.p99Ms = 5
        candidate.errors = 0
        candidate.errorMessages = [:]
        candidate.timeLimitReached = false
        let comparison = try Comparison.make(baselineName: "etcd", baseline: baseline, candidateName: "kvd", candidate: candidate)
        #expect(comparison.throughputRatio == 0.4)
        #expect(comparison.p99Ratio == 2.5)
        #expect(comparison.text == """
            mixed: test
                      requests  errors  ops/s  p50 ms  p90 ms  p99 ms  max ms
            etcd           150       2   75.0   0.750   2.000   2.000   2.000
            kvd            150       0   30.0   0.750   2.000   5.000   2.000
            kvd/etcd                     0.40                    2.50
            etcd: time limit reached after 152 of 200 requests
            etcd: error (2x): etcdserver: request timed out
            """)
    }

    @Test func comparisonRefusesDifferentWorkloadsAndZeroBaselines() {
        var other = sample()
        other.workload = "put: test"
        #expect(throws: SettingsError(#"the reports are of different workloads: "mixed: test" and "put: test""#)) {
            try Comparison.make(baselineName: "a", baseline: sample(), candidateName: "b", candidate: other)
        }
        #expect(Comparison.ratio(1, 0) == nil)
        #expect(Comparison.ratioText(nil) == "n/a")
    }
}
