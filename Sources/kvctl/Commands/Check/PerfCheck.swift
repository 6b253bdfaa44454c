import Foundation

/// `check perf`'s workload models and verdict, as etcdctl 3.4 defines them: `limit` writes a
/// second from `clients` concurrent writers, each a 256-byte key under the prefix and a
/// 1 KiB value; it passes when the throughput is above 90% of the limit, no request took
/// longer than half a second, the latencies' standard deviation is under 0.1 s, and nothing
/// failed.
struct PerfLoad: Equatable {
    var limit: Int
    var clients: Int

    static let names = ["s", "m", "l", "xl"]

    static func named(_ name: String) -> PerfLoad? {
        switch name {
        case "s": PerfLoad(limit: 150, clients: 50)
        case "m": PerfLoad(limit: 1000, clients: 200)
        case "l": PerfLoad(limit: 8000, clients: 500)
        case "xl": PerfLoad(limit: 15000, clients: 1000)
        default: nil
        }
    }

    static let keyBytes = 256
    static let valueBytes = 1024
    static let slowestMaxSeconds = 0.5
    static let stddevMaxSeconds = 0.1
    static let throughputMinFraction = 0.9

    /// A key as etcdctl makes them: the prefix, then a random number as a varint in 256 bytes.
    static func key(prefix: String, random: Int64) -> [UInt8] {
        precondition(random >= 0, "the random part is non-negative")
        var suffix = [UInt8](repeating: 0, count: keyBytes)
        var zigzag = UInt64(random) << 1
        var index = 0
        while zigzag >= 0x80 {
            suffix[index] = UInt8(zigzag & 0x7F) | 0x80
            zigzag >>= 7
            index += 1
        }
        suffix[index] = UInt8(zigzag)
        return Array(prefix.utf8) + suffix
    }
}

/// What a run measured.
struct PerfResults: Equatable {
    var latenciesSeconds: [Double] = []
    /// Failed requests, by error message.
    var errors: [String: Int] = [:]
    var elapsedSeconds = 0.0

    var throughput: Double { elapsedSeconds > 0 ? Double(latenciesSeconds.count) / elapsedSeconds : 0 }
    var slowestSeconds: Double { latenciesSeconds.max() ?? 0 }

    var stddevSeconds: Double {
        guard !latenciesSeconds.isEmpty else { return 0 }
        let mean = latenciesSeconds.reduce(0, +) / Double(latenciesSeconds.count)
        let variance = latenciesSeconds.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(latenciesSeconds.count)
        return variance.squareRoot()
    }

    /// etcdctl's report lines, the last one PASS or FAIL.
    func verdict(for load: PerfLoad) -> (lines: [String], passed: Bool) {
        var lines: [String] = []
        var passed = true
        if !errors.isEmpty {
            lines.append("FAIL: too many errors")
            for (message, count) in errors.sorted(by: { $0.key < $1.key }) { lines.append("FAIL: ERROR(\(message)) -> \(count)") }
            passed = false
        }
        let writes = Int(throughput.rounded())
        if throughput / Double(load.limit) <= PerfLoad.throughputMinFraction {
            lines.append("FAIL: Throughput too low: \(writes) writes/s")
            passed = false
        } else {
            lines.append("PASS: Throughput is \(writes) writes/s")
        }
        if slowestSeconds > PerfLoad.slowestMaxSeconds {
            lines.append("Slowest request took too long: \(Self.seconds(slowestSeconds))s")
            passed = false
        } else {
            lines.append("PASS: Slowest request took \(Self.seconds(slowestSeconds))s")
        }
        if stddevSeconds > PerfLoad.stddevMaxSeconds {
            lines.append("Stddev too high: \(Self.seconds(stddevSeconds))s")
            passed = false
        } else {
            lines.append("PASS: Stddev is \(Self.seconds(stddevSeconds))s")
        }
        lines.append(passed ? "PASS" : "FAIL")
        return (lines, passed)
    }

    /// Go's `%f`: six decimals.
    static func seconds(_ value: Double) -> String { String(format: "%.6f", value) }
}
