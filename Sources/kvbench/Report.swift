import Histogram

/// Latency percentiles in milliseconds.
struct LatencySummary: Codable, Equatable, Sendable {
    var p50Ms: Double
    var p90Ms: Double
    var p99Ms: Double
    var maxMs: Double
    var meanMs: Double

    private enum CodingKeys: String, CodingKey {
        case p50Ms = "p50_ms", p90Ms = "p90_ms", p99Ms = "p99_ms", maxMs = "max_ms", meanMs = "mean_ms"
    }

    init(p50Ms: Double, p90Ms: Double, p99Ms: Double, maxMs: Double, meanMs: Double) {
        self.p50Ms = p50Ms
        self.p90Ms = p90Ms
        self.p99Ms = p99Ms
        self.maxMs = maxMs
        self.meanMs = meanMs
    }

    /// From a histogram of microseconds; all zero when it is empty.
    init(_ histogram: Histogram<UInt64>) {
        func ms(_ microseconds: UInt64) -> Double { Double(microseconds) / 1000 }
        guard histogram.totalCount > 0 else {
            self.init(p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0, meanMs: 0)
            return
        }
        self.init(p50Ms: ms(histogram.valueAtPercentile(50)), p90Ms: ms(histogram.valueAtPercentile(90)),
                  p99Ms: ms(histogram.valueAtPercentile(99)), maxMs: ms(histogram.maxRecorded),
                  meanMs: histogram.mean.rounded() / 1000)
    }
}

/// One operation's share of a run.
struct OperationReport: Codable, Equatable, Sendable {
    var operation: Operation
    var requests: Int
    var throughput: Double
    var latency: LatencySummary
}

/// What a run measured: `-w json` prints it, `compare` reads it back.
struct Report: Codable, Equatable, Sendable {
    /// The workload and its parameters in words, e.g. `put: 16 clients, 8-byte keys, 256-byte values`.
    var workload: String
    var clients: Int
    /// The requests the run was allowed (watch: events, puts times watchers).
    var expected: Int
    /// Requests that succeeded (watch: events received).
    var requests: Int
    var errors: Int
    var errorMessages: [String: Int]
    /// Whether the time limit ended the run before every request was sent.
    var timeLimitReached: Bool
    var elapsedSeconds: Double
    /// Successful requests per second of the run.
    var throughput: Double
    var latency: LatencySummary
    var operations: [OperationReport]

    private enum CodingKeys: String, CodingKey {
        case workload, clients, expected, requests, errors, throughput, latency, operations
        case errorMessages = "error_messages", timeLimitReached = "time_limit_reached", elapsedSeconds = "elapsed_seconds"
    }
}

extension Report {
    /// The summary of what `recorder` measured over `elapsed`.
    init(workload: String, clients: Int, expected: Int, timeLimitReached: Bool, recorder: Recorder, elapsed: Duration) {
        precondition(elapsed > .zero, "a run takes some time")
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        var all = Histogram<UInt64>(numberOfSignificantValueDigits: .three)
        var operations: [OperationReport] = []
        for operation in Operation.allCases {
            guard let histogram = recorder.latencies[operation], histogram.totalCount > 0 else { continue }
            all.add(histogram)
            operations.append(OperationReport(operation: operation, requests: Int(histogram.totalCount),
                                              throughput: Double(histogram.totalCount) / seconds,
                                              latency: LatencySummary(histogram)))
        }
        self.init(workload: workload, clients: clients, expected: expected, requests: Int(all.totalCount),
                  errors: recorder.errorCount, errorMessages: recorder.errors, timeLimitReached: timeLimitReached,
                  elapsedSeconds: seconds, throughput: Double(all.totalCount) / seconds, latency: LatencySummary(all),
                  operations: operations)
    }
}
