import Foundation

/// Runs Debian's etcdctl 3.4 (API v3), bounded in time.
enum Etcdctl {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String], endpoints: String, stdin: String? = nil,
                    timeoutSeconds: Double = 15) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/etcdctl")
        process.arguments = ["--endpoints", endpoints, "--dial-timeout", "2s", "--command-timeout", "5s"] + arguments
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ETCDCTL") }
        environment["ETCDCTL_API"] = "3"
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let input = Pipe()
        process.standardInput = input
        try process.run()
        // Read both pipes while the process runs, so a large output cannot fill a pipe and stall it.
        let stdoutData = PipeReader(out)
        let stderrData = PipeReader(err)
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
            throw IntegrationFailure("etcdctl \(arguments.joined(separator: " ")) did not finish in \(timeoutSeconds)s")
        }
        let stdout = String(decoding: stdoutData.finish(), as: UTF8.self)
        let stderr = String(decoding: stderrData.finish(), as: UTF8.self)
        return Result(status: process.terminationStatus, stdout: stdout, stderr: stderr)
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

    init(_ arguments: [String], endpoints: String) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/etcdctl")
        process.arguments = ["--endpoints", endpoints] + arguments
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ETCDCTL") }
        environment["ETCDCTL_API"] = "3"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        output = PipeReader(pipe)
    }

    /// Everything it printed.
    func stop() -> String {
        process.terminate()
        process.waitUntilExit()
        return String(decoding: output.finish(), as: UTF8.self)
    }
}
