import Foundation
import TestSupport

/// What a finished command printed and how it exited.
struct CommandResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs a command to completion, bounded in time; both pipes are read while it runs, so a
/// large output cannot fill a pipe and stall it.
func runCommand(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
                stdin: String? = nil, timeoutSeconds: Double = 15) throws -> CommandResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let environment { process.environment = environment }
    let out = Pipe()
    let err = Pipe()
    let input = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input
    try launching { try process.run() }
    let stdoutData = PipeReader(out)
    let stderrData = PipeReader(err)
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try input.fileHandleForWriting.close()
    let deadline = Date().addingTimeInterval(timeoutSeconds)
    while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
    if process.isRunning {
        process.terminate()
        process.waitUntilExit()
        throw IntegrationFailure("\(executable.lastPathComponent) \(arguments.joined(separator: " ")) did not finish in \(timeoutSeconds)s")
    }
    let result = CommandResult(status: process.terminationStatus,
                               stdout: String(decoding: stdoutData.finish(), as: UTF8.self),
                               stderr: String(decoding: stderrData.finish(), as: UTF8.self))
    // Foundation leaves these descriptors open until the pipes are freed, which is late enough
    // for a long suite to pile up hundreds; past about 1,300 open descriptors `Process.run`
    // itself crashes.
    closeAll([out, err, input])
    return result
}

/// Closes both ends of each pipe (an end already closed is skipped).
func closeAll(_ pipes: [Pipe]) {
    for pipe in pipes {
        try? pipe.fileHandleForReading.close()
        try? pipe.fileHandleForWriting.close()
    }
}

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

/// Drains a pipe on a background thread.
final class PipeReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        let handle = pipe.fileHandleForReading
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func finish() -> Data {
        done.wait()
        return data
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
