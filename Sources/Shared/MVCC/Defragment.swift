#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Failpoints

extension MVCCStore {
    /// Rewrites the file without its free pages (a compacting `mdb_env_copy2` to a temporary
    /// file, synced, then renamed over the data file) and reopens it. Reads and applies wait.
    /// If the copy fails the store stays as it was; if the reopen fails it is closed.
    public func defragment() throws(MVCCError) -> DefragmentResult {
        try gate.withExclusive { () throws(MVCCError) -> DefragmentResult in
            let store = try openStore()
            let sizeBefore = try Self.fileBytes(path)
            let temporary = path + ".defrag"
            try Self.copy(store, to: temporary)
            Failpoint.defragmentMid.hit()
            try swapIn(temporary)
            return DefragmentResult(sizeBeforeBytes: sizeBefore, sizeAfterBytes: try Self.fileBytes(path))
        }
    }

    /// A consistent, compact copy of the whole store in one file, synced: what the Snapshot
    /// API streams and what a member sends a follower that is too far behind for the log.
    /// Runs beside reads and applies.
    public func backup(to destination: String) throws(MVCCError) {
        try gate.withShared { () throws(MVCCError) in
            try Self.copy(try openStore(), to: destination)
        }
    }

    /// A compacting copy to `destination`, synced; nothing is left behind when it fails.
    private static func copy(_ store: OpenStore, to destination: String) throws(MVCCError) {
        unlink(destination)
        do throws(MVCCError) {
            try store.environment.copyCompacted(to: destination)
            try syncFile(destination)
        } catch {
            unlink(destination)
            throw error
        }
    }

    /// Replaces the store's contents with a `backup` file (which is moved, not copied).
    /// Reads and applies wait; if the swap fails the store keeps its old contents.
    public func restore(from backupFile: String) throws(MVCCError) {
        try gate.withExclusive { () throws(MVCCError) in
            _ = try openStore()
            try swapIn(backupFile)
        }
    }

    /// Renames `replacement` over the data file and reopens; the caller holds the gate
    /// exclusively. If the rename fails the old file is reopened.
    private func swapIn(_ replacement: String) throws(MVCCError) {
        opened?.environment.close()
        opened = nil
        if rename(replacement, path) != 0 {
            let failure = Self.posixError("rename \(replacement)")
            unlink(replacement)
            opened = try OpenStore(path: path, options: options)
            throw failure
        }
        try Self.syncFile(Self.directory(of: path))
        opened = try OpenStore(path: path, options: options)
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
