import Foundation

/// What a finished command printed and how it exited.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Runs a command to completion, bounded in time; both pipes are read while it runs, so a
/// large output cannot fill a pipe and stall it.
public func runCommand(_ executable: URL, _ arguments: [String], environment: [String: String]? = nil,
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
        throw CommandTimedOut(description: "\(executable.lastPathComponent) \(arguments.joined(separator: " ")) did not finish in \(timeoutSeconds)s")
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
public func closeAll(_ pipes: [Pipe]) {
    for pipe in pipes {
        try? pipe.fileHandleForReading.close()
        try? pipe.fileHandleForWriting.close()
    }
}

/// Drains a pipe on a background thread.
public final class PipeReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    public init(_ pipe: Pipe) {
        let handle = pipe.fileHandleForReading
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    public func finish() -> Data {
        done.wait()
        return data
    }
}

public struct CommandTimedOut: Error, CustomStringConvertible {
    public var description: String
}
