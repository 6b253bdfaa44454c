import Foundation

/// The tables etcdctl draws (olekukonko/tablewriter as etcdctl sets it up): a ruled border,
/// headers centred, every cell right-aligned.
struct TextTable {
    let headers: [String]
    var rows: [[String]] = []

    init(headers: [String]) {
        self.headers = headers
    }

    mutating func append(_ row: [String]) {
        precondition(row.count == headers.count, "a table row has \(row.count) cells for \(headers.count) columns")
        rows.append(row)
    }

    var text: String {
        let widths = headers.indices.map { column in
            ([headers[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
        }
        let rule = "+" + widths.map { String(repeating: "-", count: $0 + 2) + "+" }.joined() + "\n"
        func line(_ cells: [String]) -> String {
            "|" + cells.map { " \($0) |" }.joined() + "\n"
        }
        let header = line(zip(headers, widths).map { title, width in
            let padding = width - title.count
            return String(repeating: " ", count: padding / 2) + title + String(repeating: " ", count: padding - padding / 2)
        })
        let body = rows.map { row in
            line(zip(row, widths).map { String(repeating: " ", count: $1 - $0.count) + $0 })
        }
        return rule + header + rule + body.joined() + rule
    }
}

/// Sizes as go-humanize's `Bytes` writes them (SI units): `20 kB`, `1.5 MB`, `7 B`.
func humanBytes(_ count: Int64) -> String {
    guard count >= 10 else { return "\(count) B" }
    let units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"]
    let value = Double(count)
    let exponent = min(Int((log10(value) / 3).rounded(.down)), units.count - 1)
    let scaled = ((value / pow(1000, Double(exponent))) * 10 + 0.5).rounded(.down) / 10
    let number = scaled < 10 ? String(format: "%.1f", scaled) : String(format: "%.0f", scaled)
    return "\(number) \(units[exponent])"
}
