/// Two runs of one workload side by side, and the candidate's ratio to the baseline for
/// throughput (above 1: the candidate serves more) and p99 latency (above 1: it is slower).
struct Comparison: Equatable {
    var baselineName: String
    var baseline: Report
    var candidateName: String
    var candidate: Report

    var throughputRatio: Double? { Self.ratio(candidate.throughput, baseline.throughput) }
    var p99Ratio: Double? { Self.ratio(candidate.latency.p99Ms, baseline.latency.p99Ms) }

    /// nil where the baseline measured nothing to divide by.
    static func ratio(_ numerator: Double, _ denominator: Double) -> Double? {
        denominator > 0 ? numerator / denominator : nil
    }

    /// Refuses to set different workloads side by side.
    static func make(baselineName: String, baseline: Report, candidateName: String,
                     candidate: Report) throws(SettingsError) -> Comparison {
        guard baseline.workload == candidate.workload else {
            throw SettingsError("the reports are of different workloads: \"\(baseline.workload)\" and \"\(candidate.workload)\"")
        }
        return Comparison(baselineName: baselineName, baseline: baseline, candidateName: candidateName, candidate: candidate)
    }

    var text: String {
        let ratioName = "\(candidateName)/\(baselineName)"
        var rows = [["", "requests", "errors", "ops/s", "p50 ms", "p90 ms", "p99 ms", "max ms"]]
        for (name, report) in [(baselineName, baseline), (candidateName, candidate)] {
            let latency = report.latency
            rows.append([name, String(report.requests), String(report.errors), ReportText.fixed(report.throughput, 1),
                         ReportText.fixed(latency.p50Ms, 3), ReportText.fixed(latency.p90Ms, 3),
                         ReportText.fixed(latency.p99Ms, 3), ReportText.fixed(latency.maxMs, 3)])
        }
        rows.append([ratioName, "", "", Self.ratioText(throughputRatio), "", "", Self.ratioText(p99Ratio), ""])
        var lines = [baseline.workload] + ReportText.table(rows)
        for (name, report) in [(baselineName, baseline), (candidateName, candidate)] {
            if report.timeLimitReached { lines.append("\(name): time limit reached after \(report.requests + report.errors) of \(report.expected) requests") }
            for (message, count) in report.errorMessages.sorted(by: { $0.key < $1.key }) {
                lines.append("\(name): error (\(count)x): \(message)")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func ratioText(_ ratio: Double?) -> String {
        ratio.map { ReportText.fixed($0, 2) } ?? "n/a"
    }
}
