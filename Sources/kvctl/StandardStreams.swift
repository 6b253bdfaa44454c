import Foundation

/// The reader of our output went away (`kvctl watch … | head -1`): kvctl stops quietly,
/// with status 0, as a well-behaved filter does.
struct BrokenPipe: Error {}

/// Writes straight to the file descriptors, unbuffered, so every event reaches a pipe as
/// soon as it is printed. SIGPIPE is ignored at start, so a closed pipe shows up here as EPIPE.
enum StandardStreams {
    static func write(_ buffer: OutputBuffer) throws {
        try write(buffer.bytes, to: STDOUT_FILENO)
    }

    static func writeError(_ buffer: OutputBuffer) {
        try? write(buffer.bytes, to: STDERR_FILENO)
    }

    static func writeError(line text: String) {
        var buffer = OutputBuffer()
        buffer.line(text)
        writeError(buffer)
    }

    static func write(_ bytes: [UInt8], to descriptor: Int32) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                if errno == EPIPE { throw BrokenPipe() }
                throw KvctlError(status: .io, message: "write: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    /// All of stdin: a value left out of the command line (`echo v | kvctl put k`).
    static func readAllInput() throws(KvctlError) -> Data {
        do {
            return try FileHandle.standardInput.readToEnd() ?? Data()
        } catch {
            throw KvctlError(status: .io, message: "read stdin: \(error.localizedDescription)")
        }
    }
}
