import Foundation
import TestSupport
import Synchronization

/// A long-running client process (kvctl or etcdctl: watch, keep-alive) whose stdin the test
/// writes and whose output it reads while it runs. Stopped by its PID only.
final class ClientStream {
    private let process = Process()
    private let input = Pipe()
    private let stdout: GrowingCapture
    private let stderr: GrowingCapture

    /// `kvctl` with a clean environment (`Kvctl.environment`, plus `environment`).
    static func kvctl(_ arguments: [String], endpoints: String, environment: [String: String] = [:]) throws -> ClientStream {
        try ClientStream(Binaries.kvctl, ["--endpoints", endpoints] + arguments,
                         environment: Kvctl.environment.merging(environment) { $1 })
    }

    /// Debian's `etcdctl` (API v3).
    static func etcdctl(_ arguments: [String], endpoints: String, environment: [String: String] = [:]) throws -> ClientStream {
        try ClientStream(URL(fileURLWithPath: "/usr/bin/etcdctl"), ["--endpoints", endpoints] + arguments,
                         environment: Etcdctl.environment.merging(environment) { $1 })
    }

    private init(_ executable: URL, _ arguments: [String], environment: [String: String]) throws {
        process.executableURL = executable
        process.arguments = arguments
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        let process = self.process
        try launching { try process.run() }
        stdout = GrowingCapture(out)
        stderr = GrowingCapture(err)
    }

    var output: String { stdout.text }
    var errors: String { stderr.text }
    var isRunning: Bool { process.isRunning }

    func send(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    func closeInput() {
        try? input.fileHandleForWriting.close()
    }

    /// Polls, bounded in time, until stdout satisfies `condition`; says whether it did.
    @discardableResult
    func waitForOutput(seconds: Double = 15, _ condition: (String) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition(output) {
            guard Date() < deadline else { return false }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return true
    }

    /// Waits (bounded) for the process to end by itself; its exit status, or nil if it did not.
    func waitForExit(seconds: Double = 15) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        guard !process.isRunning else { return nil }
        process.waitUntilExit()
        stdout.finish()
        stderr.finish()
        return process.terminationStatus
    }

    /// SIGTERM to this process, then everything it printed.
    @discardableResult
    func stop() -> (stdout: String, stderr: String) {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        closeInput()
        stdout.finish()
        stderr.finish()
        return (stdout.text, stderr.text)
    }
}

/// Drains a pipe on a thread of its own, keeping what has arrived so far readable.
final class GrowingCapture: Sendable {
    private let data = Mutex(Data())
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        let handle = pipe.fileHandleForReading
        Thread.detachNewThread { [self] in
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                data.withLock { $0.append(chunk) }
            }
            done.signal()
        }
    }

    var text: String { String(decoding: data.withLock { $0 }, as: UTF8.self) }

    /// Waits (bounded) for the end of the pipe: the writer, and any child sharing the pipe, has exited.
    func finish() {
        if done.wait(timeout: .now() + 10) == .success { done.signal() }
    }
}
