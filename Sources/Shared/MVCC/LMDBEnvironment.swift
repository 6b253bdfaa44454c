import CLMDB

/// An open LMDB environment in one file (MDB_NOSUBDIR: the lock file is `<path>-lock`).
/// MDB_NOTLS ties read transactions to no thread, so any thread may run one. `readOnly`
/// opens a file no process writes (a snapshot) without writing to it or beside it: no lock
/// file (MDB_NOLOCK), and the map size the file records (`mapSizeBytes` 0).
final class LMDBEnvironment {
    private var handle: OpaquePointer?

    init(path: String, mapSizeBytes: Int, maxReaders: UInt32, maxDatabases: UInt32, syncOnCommit: Bool,
         metaSyncOnCommit: Bool = true, readOnly: Bool = false) throws(MVCCError) {
        var env: OpaquePointer?
        try lmdbCheck(mdb_env_create(&env))
        guard let env else { preconditionFailure("mdb_env_create succeeded without an environment") }
        var flags = UInt32(MDB_NOSUBDIR) | UInt32(MDB_NOTLS)
        if !syncOnCommit { flags |= UInt32(MDB_NOSYNC) }
        if !metaSyncOnCommit { flags |= UInt32(MDB_NOMETASYNC) }
        if readOnly { flags |= UInt32(MDB_RDONLY) | UInt32(MDB_NOLOCK) }
        do {
            try lmdbCheck(mdb_env_set_mapsize(env, mapSizeBytes))
            try lmdbCheck(mdb_env_set_maxreaders(env, maxReaders))
            try lmdbCheck(mdb_env_set_maxdbs(env, maxDatabases))
            try lmdbCheck(mdb_env_open(env, path, flags, 0o600))
        } catch {
            mdb_env_close(env)
            throw error
        }
        handle = env
    }

    deinit { close() }

    private var live: OpaquePointer {
        guard let handle else { preconditionFailure("LMDB environment used after close") }
        return handle
    }

    /// Every transaction must have ended.
    func close() {
        if let handle { mdb_env_close(handle) }
        handle = nil
    }

    func begin(readOnly: Bool) throws(MVCCError) -> LMDBTransaction {
        try LMDBTransaction(environment: live, readOnly: readOnly)
    }

    var maxKeyBytes: Int { Int(mdb_env_get_maxkeysize(live)) }

    func sync() throws(MVCCError) {
        try lmdbCheck(mdb_env_sync(live, 1))
    }

    /// Writes a compacted copy (free pages dropped) to a new file at `path`.
    func copyCompacted(to path: String) throws(MVCCError) {
        try lmdbCheck(mdb_env_copy2(live, path, UInt32(MDB_CP_COMPACT)))
    }

    /// The bytes up to the last page LMDB has used, and the page size.
    func usedBytes() throws(MVCCError) -> (highWaterBytes: Int, pageBytes: Int) {
        var info = MDB_envinfo()
        var stat = MDB_stat()
        try lmdbCheck(mdb_env_info(live, &info))
        try lmdbCheck(mdb_env_stat(live, &stat))
        let pageBytes = Int(stat.ms_psize)
        return ((info.me_last_pgno + 1) * pageBytes, pageBytes)
    }
}
