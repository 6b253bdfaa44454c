/// An open store file: the environment and its tables, initialized on first open.
final class OpenStore {
    let environment: LMDBEnvironment
    let tables: Tables

    init(path: String, options: MVCCStore.Options) throws(MVCCError) {
        environment = try LMDBEnvironment(
            path: path, mapSizeBytes: options.mapSizeBytes, maxReaders: options.maxReaders,
            maxDatabases: Tables.count, syncOnCommit: options.syncOnCommit, metaSyncOnCommit: options.metaSyncOnCommit)
        tables = try Self.prepareTables(environment)
    }

    private static func prepareTables(_ environment: LMDBEnvironment) throws(MVCCError) -> Tables {
        let txn = try environment.begin(readOnly: false)
        let tables = try Tables(creatingIn: txn, maxKeyBytes: environment.maxKeyBytes)
        let meta = StoreMeta(txn: txn, tables: tables)
        if try meta.read() == nil { try meta.write(.initial) }
        try txn.commit()
        return tables
    }

    func read<T>(_ body: (HistoryView) throws(MVCCError) -> T) throws(MVCCError) -> T {
        let txn = try environment.begin(readOnly: true)
        return try body(HistoryView(txn: txn, tables: tables))
    }

    /// Runs `body` in a write transaction, committed when it returns.
    func write<T>(_ body: (HistoryView) throws(MVCCError) -> T) throws(MVCCError) -> T {
        let txn = try environment.begin(readOnly: false)
        let result = try body(HistoryView(txn: txn, tables: tables))
        try txn.commit()
        return result
    }
}
