import Foundation

/// systemd's `EnvironmentFile=` format, as far as kvd's example uses it: `KEY=VALUE` lines,
/// `#` comments and blank lines.
enum EnvironmentFile {
    /// `--some-flag value` pairs and bare `--flag`s as `ETCD_SOME_FLAG=value` lines.
    static func write(flags: [String], to file: URL) throws {
        var lines = ["# written by the integration tests, in the shape of scripts/systemd/kvd.env"]
        var index = 0
        while index < flags.count {
            let name = flags[index].dropFirst(2).uppercased().replacingOccurrences(of: "-", with: "_")
            if index + 1 < flags.count, !flags[index + 1].hasPrefix("--") {
                lines.append("ETCD_\(name)=\(flags[index + 1])")
                index += 2
            } else {
                lines.append("ETCD_\(name)=true")
                index += 1
            }
        }
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
    }

    static func read(_ file: URL) throws -> [String: String] {
        var environment: [String: String] = [:]
        for line in try String(contentsOf: file, encoding: .utf8).split(separator: "\n") {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard !text.isEmpty, !text.hasPrefix("#"), let equals = text.firstIndex(of: "=") else { continue }
            environment[String(text[..<equals])] = String(text[text.index(after: equals)...])
        }
        return environment
    }
}
