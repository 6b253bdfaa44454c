import Foundation

/// `watch … -- COMMAND`: the command runs once per event, after the event is printed, with
/// kvctl's stdin, stdout and stderr (no other descriptor) and the event in its environment. A
/// command that fails (or cannot be started) ends the watch with status 1, in etcdctl's words.
///
/// Started with posix_spawn rather than Foundation's Process, whose `run()` on Linux (Swift
/// 6.3) now and then crashes reading /proc/self/fd: a watch runs a command per event.
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
        let pid: pid_t
        do {
            pid = try spawn(executable, arguments: command, environment: environment.map { "\($0.key)=\($0.value)" })
        } catch {
            throw failure(error.message)
        }
        let status = await exitStatus(of: pid)
        let signal = status & 0x7F
        switch signal {
        case 0 where (status >> 8) & 0xFF == 0: return
        case 0: throw failure("exit status \((status >> 8) & 0xFF)")
        default: throw failure("signal: " + String(cString: strsignal(signal)).lowercased())
        }
    }

    /// Starts the program with the descriptors kvctl has open above stderr closed in the child
    /// (those opened meanwhile by another thread are close-on-exec, as NIO opens its sockets;
    /// glibc ignores a close of one closed meanwhile).
    private static func spawn(_ executable: String, arguments: [String], environment: [String]) throws(KvctlError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        guard posix_spawn_file_actions_init(&actions) == 0 else { throw .failed("posix_spawn_file_actions_init failed") }
        defer { posix_spawn_file_actions_destroy(&actions) }
        let open = ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []).compactMap { Int32($0) }
        for descriptor in open where descriptor > STDERR_FILENO {
            guard posix_spawn_file_actions_addclose(&actions, descriptor) == 0 else { throw .failed("posix_spawn_file_actions_addclose failed") }
        }
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard code == 0 else { throw .failed("fork/exec \(executable): \(goErrno(code))") }
        return pid
    }

    /// Waits for the child on a thread of its own (waitpid blocks), leaving the event loop free.
    private static func exitStatus(of pid: pid_t) async -> Int32 {
        await withCheckedContinuation { continuation in
            Thread.detachNewThread {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                continuation.resume(returning: status)
            }
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
