import ArgumentParser

/// The flags every workload takes; their names follow etcd's `benchmark` tool where it has one.
struct LoadOptions: ParsableArguments {
    @Option(help: "etcd v3 endpoints, comma-separated; client i uses endpoint i modulo their number.")
    var endpoints = "127.0.0.1:2379"
    @Option(help: "Concurrent clients, each with its own connection.")
    var clients = 16
    @Option(help: "Requests to make in all (watch: puts, each seen by every watcher).")
    var total = 10_000
    @Option(name: .customLong("max-seconds"), help: "Stop sending after this many seconds even if --total is not reached.")
    var maxSeconds = 60.0
    @Option(name: .customLong("key-size"), help: "Key size in bytes.")
    var keySize = 8
    @Option(name: .customLong("val-size"), help: "Value size in bytes.")
    var valSize = 8
    @Option(name: .customLong("key-space-size"), help: "Number of distinct keys: request i uses key i modulo this.")
    var keySpaceSize = 1000
    @Option(name: [.short, .customLong("write-out")], help: "Output format: simple or json.")
    var writeOut = "simple"

    func settings() throws(SettingsError) -> LoadSettings {
        try LoadSettings.make(endpoints: endpoints, clients: clients, total: total, maxSeconds: maxSeconds, keySize: keySize,
                              valSize: valSize, keySpaceSize: keySpaceSize, writeOut: writeOut)
    }

    func validate() throws {
        do { _ = try settings() } catch { throw ValidationError(error.description) }
    }
}
