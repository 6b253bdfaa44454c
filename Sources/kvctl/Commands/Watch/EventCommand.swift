import Foundation

/// `watch … -- COMMAND`: the command runs once per event, after the event is printed, with
/// kvctl's stdout and stderr and the event in its environment. A command that fails (or
/// cannot be started) ends the watch with status 1, in etcdctl's words.
enum EventCommand {
    static func run(_ command: [String], extraEnvironment: [String: String]) async throws {
        precondition(!command.isEmpty, "an event command needs a program")
        let quoted = "[" + command.map { GoText.quote(Array($0.utf8)) }.joined(separator: " ") + "]"
        func failure(_ reason: String) -> KvctlError {
            StandardStreams.writeError(line: "command \(quoted) error (\(reason))")
            return KvctlError(status: .error, message: "")
        }
        var environment = ProcessInfo.processInfo.environment
        environment.merge(extraEnvironment) { $1 }
        guard let executable = locate(command[0], path: environment["PATH"] ?? "") else {
            throw failure("exec: \(GoText.quote(Array(command[0].utf8))): executable file not found in $PATH")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(command.dropFirst())
        process.environment = environment
        let (ended, continuation) = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in continuation.finish() }
        do {
            try process.run()
        } catch {
            throw failure(error.localizedDescription)
        }
        for await _ in ended {}
        switch (process.terminationReason, process.terminationStatus) {
        case (.exit, 0): return
        case let (.exit, status): throw failure("exit status \(status)")
        case let (.uncaughtSignal, signal): throw failure("signal: " + String(cString: strsignal(signal)).lowercased())
        @unknown default: throw failure("exit status \(process.terminationStatus)")
        }
    }

    /// The program as exec.LookPath finds it: a name with a slash as it is, else the first
    /// executable file of that name on PATH.
    static func locate(_ name: String, path: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        for directory in path.split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (directory.isEmpty ? "." : String(directory)) + "/" + name
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        return nil
    }
}
