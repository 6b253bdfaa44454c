import Foundation
import TestSupport

/// Runs Debian's etcdctl 3.4 (API v3).
enum Etcdctl {
    static var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ETCDCTL") }
        environment["ETCDCTL_API"] = "3"
        return environment
    }

    static func run(_ arguments: [String], endpoints: String, stdin: String? = nil,
                    timeoutSeconds: Double = 15) throws -> CommandResult {
        try runCommand(URL(fileURLWithPath: "/usr/bin/etcdctl"),
                       ["--endpoints", endpoints, "--dial-timeout", "2s", "--command-timeout", "5s"] + arguments,
                       environment: environment, stdin: stdin, timeoutSeconds: timeoutSeconds)
    }
}

/// A long-running etcdctl (watch), stopped by its PID when the test has seen enough.
final class EtcdctlStream {
    private let process = Process()
    private let output: PipeReader
    private let errors: PipeReader

    init(_ arguments: [String], endpoints: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/etcdctl")
        process.arguments = ["--endpoints", endpoints] + arguments
        process.environment = Etcdctl.environment
        let pipe = Pipe()
        let errorPipe = Pipe()
        process.standardOutput = pipe
        process.standardError = errorPipe
        let process = self.process
        try launching { try process.run() }
        output = PipeReader(pipe)
        errors = PipeReader(errorPipe)
    }

    /// How it ended, once it ends by itself within `seconds`; nil (and still running) otherwise.
    func waitForExit(seconds: Double) -> CommandResult? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        guard !process.isRunning else { return nil }
        return CommandResult(status: process.terminationStatus, stdout: String(decoding: output.finish(), as: UTF8.self),
                             stderr: String(decoding: errors.finish(), as: UTF8.self))
    }

    /// Everything it printed.
    func stop() -> String {
        process.terminate()
        process.waitUntilExit()
        return String(decoding: output.finish(), as: UTF8.self)
    }
}
