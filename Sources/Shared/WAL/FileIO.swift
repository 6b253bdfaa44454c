#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin throwing wrappers over the system calls the WAL and snapshot files need. The only
/// place that touches file descriptors; everything above works on byte buffers.
enum FileIO {
    static func fail(_ call: String, _ path: String, _ code: Int32 = errno) -> WALError {
        WALError(.io, file: path, detail: "\(call) failed: \(String(cString: strerror(code))) (errno \(code))")
    }

    static func open(_ path: String, flags: Int32, mode: mode_t = 0o644) throws -> Int32 {
        let retriesMax = 100
        for _ in 0..<retriesMax {
            let fd = systemOpen(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno != EINTR { throw fail("open", path) }
        }
        throw fail("open", path, EINTR)
    }

    static func close(_ fd: Int32) {
        _ = systemClose(fd)
    }

    static func sizeBytes(_ fd: Int32, path: String) throws -> Int {
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw fail("fstat", path) }
        return Int(status.st_size)
    }

    /// The whole file, read with pread so that a concurrent appender's fd offset is untouched.
    static func readAll(_ path: String) throws -> [UInt8] {
        let fd = try open(path, flags: O_RDONLY)
        defer { close(fd) }
        let sizeBytes = try sizeBytes(fd, path: path)
        var bytes = [UInt8](repeating: 0, count: sizeBytes)
        let readBytes = try bytes.withUnsafeMutableBytes { buffer in
            try readFully(fd, into: buffer, path: path)
        }
        bytes.removeLast(sizeBytes - readBytes)
        return bytes
    }

    /// Reads until the buffer is full or the file ends; returns the bytes read.
    static func readFully(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offsetBytes: Int = 0, path: String) throws -> Int {
        var doneBytes = 0
        let callsMax = buffer.count + 100
        for _ in 0..<callsMax where doneBytes < buffer.count {
            let result = pread(fd, buffer.baseAddress! + doneBytes, buffer.count - doneBytes, off_t(offsetBytes + doneBytes))
            if result == 0 { break }
            if result < 0 {
                if errno == EINTR { continue }
                throw fail("pread", path)
            }
            doneBytes += result
        }
        return doneBytes
    }

    static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offsetBytes: Int, path: String) throws {
        var doneBytes = 0
        let callsMax = bytes.count + 100
        for _ in 0..<callsMax where doneBytes < bytes.count {
            let result = pwrite(fd, bytes.baseAddress! + doneBytes, bytes.count - doneBytes, off_t(offsetBytes + doneBytes))
            if result < 0 {
                if errno == EINTR { continue }
                throw fail("pwrite", path)
            }
            doneBytes += result
        }
        guard doneBytes == bytes.count else { throw fail("pwrite", path, EIO) }
    }

    static func write(_ fd: Int32, _ bytes: [UInt8], at offsetBytes: Int, path: String) throws {
        try bytes.withUnsafeBytes { try write(fd, $0, at: offsetBytes, path: path) }
    }

    /// Data only: enough for appends into preallocated space, and cheaper than fsync.
    static func syncData(_ fd: Int32, path: String) throws {
        #if os(Linux)
        guard fdatasync(fd) == 0 else { throw fail("fdatasync", path) }
        #else
        guard fsync(fd) == 0 else { throw fail("fsync", path) }
        #endif
    }

    static func sync(_ fd: Int32, path: String) throws {
        guard fsync(fd) == 0 else { throw fail("fsync", path) }
    }

    /// Reserves `sizeBytes` on disk, zero-filled, so appends never wait for allocation.
    static func preallocate(_ fd: Int32, sizeBytes: Int, path: String) throws {
        #if os(Linux)
        let code = posix_fallocate(fd, 0, off_t(sizeBytes))
        guard code == 0 else { throw fail("posix_fallocate", path, code) }
        #else
        guard ftruncate(fd, off_t(sizeBytes)) == 0 else { throw fail("ftruncate", path) }
        #endif
    }

    static func rename(_ from: String, to: String) throws {
        guard systemRename(from, to) == 0 else { throw fail("rename to \(to)", from) }
    }

    static func remove(_ path: String) throws {
        guard unlink(path) == 0 else { throw fail("unlink", path) }
    }

    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    /// Makes created, renamed and removed names in `directory` durable.
    static func syncDirectory(_ directory: String) throws {
        let fd = try open(directory, flags: O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try sync(fd, path: directory)
    }

    /// Creates `directory` and its missing parents, syncing each parent that gained a name.
    static func makeDirectories(_ directory: String) throws {
        guard !exists(directory) else { return }
        let parent = parentDirectory(of: directory)
        if parent != directory { try makeDirectories(parent) }
        guard mkdir(directory, 0o700) == 0 || errno == EEXIST else { throw fail("mkdir", directory) }
        try syncDirectory(parent)
    }

    /// The names in `directory`, without "." and "..".
    static func list(_ directory: String) throws -> [String] {
        guard let stream = opendir(directory) else { throw fail("opendir", directory) }
        defer { closedir(stream) }
        var names: [String] = []
        let entriesMax = 1 << 24
        for _ in 0..<entriesMax {
            errno = 0
            guard let entry = readdir(stream) else {
                if errno != 0 { throw fail("readdir", directory) }
                return names
            }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        throw WALError(.io, file: directory, detail: "more than \(entriesMax) directory entries")
    }

    static func join(_ directory: String, _ name: String) -> String {
        directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    static func parentDirectory(of path: String) -> String {
        let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }
}

// The system functions whose names the wrappers above shadow.
private func systemOpen(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
    #if canImport(Glibc)
    Glibc.open(path, flags, mode)
    #else
    Darwin.open(path, flags, mode)
    #endif
}

private func systemClose(_ fd: Int32) -> Int32 {
    #if canImport(Glibc)
    Glibc.close(fd)
    #else
    Darwin.close(fd)
    #endif
}

private func systemRename(_ from: String, _ to: String) -> Int32 {
    #if canImport(Glibc)
    Glibc.rename(from, to)
    #else
    Darwin.rename(from, to)
    #endif
}
