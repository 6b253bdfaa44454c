#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a set of files all or (as far as a file system allows) nothing: every target is
/// checked before the first is written, and each file appears whole, by rename or link from a
/// temporary file made with the final mode.
public enum OutputFileWriter {
    static let directoryMode: mode_t = 0o755

    /// Without `overwrite`, refuses (naming the file) when any target exists, before writing any.
    public static func write(_ files: [OutputFile], overwrite: Bool) throws {
        if !overwrite, let existing = files.first(where: { exists($0.path) }) {
            throw TLSError("refusing to overwrite \(existing.path) (use --force to replace it)")
        }
        for file in files {
            try makeDirectories(parentOf: file.path)
            try place(file, overwrite: overwrite)
        }
    }

    private static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    private static func place(_ file: OutputFile, overwrite: Bool) throws {
        let temporary = "\(file.path).kvcert-\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, file.mode)
        guard descriptor >= 0 else { throw failure("cannot create", temporary) }
        var written = false
        defer { if !written { unlink(temporary) } }
        do {
            defer { close(descriptor) }
            try writeAll(Array(file.contents.utf8), to: descriptor, path: temporary)
            guard fsync(descriptor) == 0 else { throw failure("cannot sync", temporary) }
        }
        // link(2) fails with EEXIST instead of replacing, so a file made meanwhile survives.
        if overwrite {
            guard rename(temporary, file.path) == 0 else { throw failure("cannot write", file.path) }
        } else {
            guard link(temporary, file.path) == 0 else { throw failure("cannot write", file.path) }
            unlink(temporary)
        }
        written = true
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { throw failure("cannot write", path) }
            offset += count
        }
    }

    private static func makeDirectories(parentOf path: String) throws {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/").dropLast() {
            prefix += component
            if mkdir(prefix, directoryMode) != 0 && errno != EEXIST { throw failure("cannot create folder", prefix) }
            prefix += "/"
        }
    }

    private static func failure(_ action: String, _ path: String) -> TLSError {
        TLSError("\(action) \(path): \(String(cString: strerror(errno)))")
    }
}

/// write(2), reachable under a name that the writer's own `write` does not hide.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
