import Foundation

/// Reports as text: a table for people, one JSON object for scripts.
enum ReportText {
    static func render(_ report: Report, format: OutputFormat) -> String {
        switch format {
        case .simple: simple(report)
        case .json: json(report)
        }
    }

    static func simple(_ report: Report) -> String {
        var lines = [report.workload]
        var status = "\(report.requests) requests, \(report.errors) errors in \(fixed(report.elapsedSeconds, 3)) s"
        if report.timeLimitReached { status += " (time limit reached, \(report.expected) planned)" }
        lines.append(status)
        var rows = [["", "requests", "ops/s", "p50 ms", "p90 ms", "p99 ms", "max ms", "mean ms"]]
        for operation in report.operations {
            rows.append(row(operation.operation.rawValue, operation.requests, operation.throughput, operation.latency))
        }
        if report.operations.count != 1 { rows.append(row("all", report.requests, report.throughput, report.latency)) }
        lines += table(rows)
        for (message, count) in report.errorMessages.sorted(by: { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }) {
            lines.append("error (\(count)x): \(message)")
        }
        return lines.joined(separator: "\n")
    }

    static func json(_ report: Report) -> String {
        String(decoding: (try? encoder.encode(report)) ?? Data(), as: UTF8.self)
    }

    static func decode(_ data: Data) throws -> Report {
        try JSONDecoder().decode(Report.self, from: data)
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }

    private static func row(_ name: String, _ requests: Int, _ throughput: Double, _ latency: LatencySummary) -> [String] {
        [name, String(requests), fixed(throughput, 1), fixed(latency.p50Ms, 3), fixed(latency.p90Ms, 3),
         fixed(latency.p99Ms, 3), fixed(latency.maxMs, 3), fixed(latency.meanMs, 3)]
    }

    /// `value` with exactly `decimals` digits after the point.
    static func fixed(_ value: Double, _ decimals: Int) -> String {
        precondition((0...9).contains(decimals), "a sensible number of decimals")
        return String(format: "%.\(decimals)f", value)
    }

    /// Columns right-aligned to their widest cell, the first left-aligned; two spaces apart,
    /// no spaces at the ends of lines.
    static func table(_ rows: [[String]]) -> [String] {
        let columns = rows.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { cells in
            let line = cells.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return column == 0 ? cell + padding : padding + cell
            }.joined(separator: "  ")
            return String(line.reversed().drop(while: { $0 == " " }).reversed())
        }
    }
}
