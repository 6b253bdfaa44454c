#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension MVCCStore {
    /// Rewrites the file without its free pages (a compacting `mdb_env_copy2` to a temporary
    /// file, synced, then renamed over the data file) and reopens it. Reads and applies wait.
    /// If the copy fails the store stays as it was; if the reopen fails it is closed.
    public func defragment() throws(MVCCError) -> DefragmentResult {
        try gate.withExclusive { () throws(MVCCError) -> DefragmentResult in
            let store = try openStore()
            let sizeBefore = try Self.fileBytes(path)
            let temporary = path + ".defrag"
            unlink(temporary)
            do throws(MVCCError) {
                try store.environment.copyCompacted(to: temporary)
                try Self.syncFile(temporary)
            } catch {
                unlink(temporary)
                throw error
            }
            store.environment.close()
            opened = nil
            if rename(temporary, path) != 0 {
                let failure = Self.posixError("rename \(temporary)")
                unlink(temporary)
                opened = try OpenStore(path: path, options: options)
                throw failure
            }
            try Self.syncFile(Self.directory(of: path))
            opened = try OpenStore(path: path, options: options)
            return DefragmentResult(sizeBeforeBytes: sizeBefore, sizeAfterBytes: try Self.fileBytes(path))
        }
    }

    private static func syncFile(_ path: String) throws(MVCCError) {
        guard syncPath(path) == 0 else { throw posixError("fsync \(path)") }
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

/// fsync of a file or directory by path: 0, or -1 with errno set. Outside `MVCCStore`,
/// whose `close()` would hide the C function.
private func syncPath(_ path: String) -> Int32 {
    let fd = open(path, O_RDONLY)
    guard fd >= 0 else { return -1 }
    defer { close(fd) }
    return fsync(fd)
}
