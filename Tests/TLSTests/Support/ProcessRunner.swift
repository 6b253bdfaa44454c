import Foundation
import TestSupport

/// What a finished child process left behind.
struct ProcessResult {
    let status: Int32
    let standardOutput: String
    let standardError: String

    var succeeded: Bool { status == 0 }
}

/// Runs real programs (kvcert, openssl, etcdctl) with a bound on how long each may take.
/// Output goes to files, not pipes, so a chatty child can never block on a full pipe.
enum ProcessRunner {
    struct TimedOut: Error, CustomStringConvertible {
        let command: String
        var description: String { "timed out: \(command)" }
    }

    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, timeoutSeconds: Double = 60
    ) throws -> ProcessResult {
        let outputs = FileManager.default.temporaryDirectory.appendingPathComponent("kvcert-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: outputs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: outputs) }
        let standardOutput = outputs.appendingPathComponent("stdout")
        let standardError = outputs.appendingPathComponent("stderr")
        let process = try start(
            executable, arguments, environment: environment, standardOutput: standardOutput, standardError: standardError
        )
        guard wait(for: process, timeoutSeconds: timeoutSeconds) else {
            process.terminate()
            process.waitUntilExit()
            throw TimedOut(command: ([executable] + arguments).joined(separator: " "))
        }
        return ProcessResult(
            status: process.terminationStatus,
            standardOutput: try String(contentsOf: standardOutput, encoding: .utf8),
            standardError: try String(contentsOf: standardError, encoding: .utf8)
        )
    }

    /// Starts `executable` with its output going to the given files (created or truncated).
    static func start(
        _ executable: String, _ arguments: [String], environment: [String: String]?, standardOutput: URL, standardError: URL
    ) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try handle(writingTo: standardOutput)
        process.standardError = try handle(writingTo: standardError)
        try launching { try process.run() }
        return process
    }

    /// Whether `process` ended within the time given.
    static func wait(for process: Process, timeoutSeconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeoutSeconds)
        while process.isRunning {
            guard Date() < deadline else { return false }
            usleep(10_000)
        }
        process.waitUntilExit()
        return true
    }

    private static func handle(writingTo url: URL) throws -> FileHandle {
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else { throw CocoaError(.fileWriteUnknown) }
        return try FileHandle(forWritingTo: url)
    }
}
