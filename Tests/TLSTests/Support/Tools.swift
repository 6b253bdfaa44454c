import Foundation
import Testing

/// The command-line tools the tests drive: the kvcert built beside this test bundle, and the
/// reference implementations from Debian (openssl, etcd, etcdctl).
enum Tools {
    static let openssl = "/usr/bin/openssl"
    static let etcd = "/usr/bin/etcd"
    static let etcdctl = "/usr/bin/etcdctl"

    /// `swift build --build-tests` builds every product into the folder holding the test bundle.
    static var kvcertPath: String {
        let folder = Bundle.main.executableURL?.deletingLastPathComponent()
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        return folder.appendingPathComponent("kvcert").path
    }

    struct Missing: Error, CustomStringConvertible {
        let path: String
        var description: String { "no kvcert at \(path): build it with `swift build --build-tests`" }
    }

    static func kvcert(_ arguments: [String]) throws -> ProcessResult {
        guard FileManager.default.isExecutableFile(atPath: kvcertPath) else { throw Missing(path: kvcertPath) }
        return try ProcessRunner.run(kvcertPath, arguments)
    }

    /// Runs kvcert and records its stderr as the failure when it does not exit 0.
    @discardableResult
    static func kvcertSucceeding(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> ProcessResult {
        let result = try kvcert(arguments)
        #expect(result.succeeded, "kvcert \(arguments.joined(separator: " ")): \(result.standardError)", sourceLocation: sourceLocation)
        return result
    }

    static func openssl(_ arguments: [String]) throws -> ProcessResult {
        try ProcessRunner.run(openssl, arguments)
    }

    /// `openssl x509 -text -noout` of a certificate file.
    static func certificateText(_ path: String) throws -> String {
        let result = try openssl(["x509", "-in", path, "-text", "-noout"])
        #expect(result.succeeded, "openssl x509 \(path): \(result.standardError)")
        return result.standardOutput
    }
}

extension String {
    /// The trimmed line after the first line containing `header` (how `openssl x509 -text`
    /// lays out each extension's value).
    func line(after header: String) -> String? {
        let lines = split(separator: "\n", omittingEmptySubsequences: false)
        guard let index = lines.firstIndex(where: { $0.contains(header) }), index + 1 < lines.count else { return nil }
        return lines[index + 1].trimmingCharacters(in: .whitespaces)
    }
}
