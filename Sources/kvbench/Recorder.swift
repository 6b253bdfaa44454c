import Client
import GRPCCore
import Histogram

/// The kinds of request a workload measures, each in its own histogram.
enum Operation: String, Sendable, Codable, CaseIterable {
    case put
    case get
    /// A watch event's delivery: from sending the put to the event's arrival.
    case watch
}

/// What one runner measured: latencies in microseconds per operation, and failures by message.
struct Recorder: Sendable {
    private(set) var latencies: [Operation: Histogram<UInt64>] = [:]
    private(set) var errors: [String: Int] = [:]

    mutating func record(_ operation: Operation, _ latency: Duration) {
        record(operation, microseconds: Self.microseconds(latency))
    }

    mutating func record(_ operation: Operation, microseconds: UInt64) {
        latencies[operation, default: Histogram(numberOfSignificantValueDigits: .three)].record(microseconds)
    }

    mutating func recordError(_ message: String, count: Int = 1) {
        precondition(count >= 1, "an error counts at least once")
        errors[message, default: 0] += count
    }

    /// A failed request, in the words etcdctl would print.
    mutating func recordError(_ error: any Error) {
        switch error {
        case let error as RPCError: recordError(error.etcdMessage)
        default: recordError(String(describing: error))
        }
    }

    mutating func merge(_ other: Recorder) {
        for (operation, histogram) in other.latencies {
            latencies[operation, default: Histogram(numberOfSignificantValueDigits: .three)].add(histogram)
        }
        errors.merge(other.errors, uniquingKeysWith: +)
    }

    var requestCount: Int { latencies.values.reduce(0) { $0 + Int($1.totalCount) } }
    var errorCount: Int { errors.values.reduce(0, +) }

    /// Rounded up, so that no measured request reads as taking no time.
    static func microseconds(_ duration: Duration) -> UInt64 {
        precondition(duration >= .zero, "a latency is not negative")
        let (seconds, attoseconds) = duration.components
        return UInt64(seconds) * 1_000_000 + UInt64((attoseconds + 999_999_999_999) / 1_000_000_000_000)
    }
}
