import Foundation

/// Where `user add` and `user passwd` get a password: asked twice on the terminal, without
/// echo (etcdctl's `--interactive`, the default), or one line of stdin (`--interactive=false`).
enum PasswordInput {
    static func read(for user: String, interactive: Bool) throws(KvctlError) -> String {
        guard interactive else { return readLine(strippingNewline: true) ?? "" }
        let first = try ask("Password of \(user): ")
        let second = try ask("Type password of \(user) again for confirmation: ")
        guard first == second else { throw .badArguments("given passwords are different") }
        return first
    }

    /// One line from the terminal with echo off; the terminal is restored whatever happens.
    private static func ask(_ prompt: String) throws(KvctlError) -> String {
        let terminal = open("/dev/tty", O_RDWR | O_NOCTTY)
        guard terminal >= 0 else {
            throw .badArguments("no terminal to ask for the password: use --interactive=false and give it on stdin")
        }
        defer { close(terminal) }
        var saved = termios()
        let canSilence = tcgetattr(terminal, &saved) == 0
        if canSilence {
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            _ = tcsetattr(terminal, TCSAFLUSH, &silent)
        }
        defer {
            if canSilence { _ = tcsetattr(terminal, TCSAFLUSH, &saved) }
            try? StandardStreams.write(Array("\n".utf8), to: terminal)
        }
        try? StandardStreams.write(Array(prompt.utf8), to: terminal)
        var line: [UInt8] = []
        var byte: UInt8 = 0
        // Bounded: a password is a line, and no line is longer than this.
        for _ in 0..<Self.lineBytesMax {
            let count = Foundation.read(terminal, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            guard count == 1, byte != UInt8(ascii: "\n") else { break }
            line.append(byte)
        }
        return String(decoding: line, as: UTF8.self)
    }

    static let lineBytesMax = 4096
}
