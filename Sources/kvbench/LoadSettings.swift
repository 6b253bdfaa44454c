import Client

/// What every workload is given, checked: where to send, how many clients, how much, how big.
struct LoadSettings: Sendable, Equatable {
    var endpoints: [Endpoint]
    var clients: Int
    /// The request budget; a run also stops at `timeLimit`.
    var total: Int
    var timeLimit: Duration
    var keyBytes: Int
    var valueBytes: Int
    /// Requests go to keys `0..<keySpace` (as zero-padded decimal numbers).
    var keySpace: Int
    var format: OutputFormat

    static let clientsMax = 1000
    static let totalMax = 100_000_000
    static let timeLimitSecondsMax = 3600.0
    /// etcd's default `--max-request-bytes`: a larger put is refused by the server anyway.
    static let requestBytesMax = 1536 * 1024
}

/// How a report is printed.
enum OutputFormat: String, Sendable, CaseIterable {
    /// A table for people.
    case simple
    /// One JSON object, for scripts and for `kvbench compare`.
    case json
}

/// An argument out of range, in words that name the flag.
struct SettingsError: Error, Equatable, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension LoadSettings {
    /// Checks raw flag values, one rule at a time, and names the first one broken.
    static func make(endpoints: String, clients: Int, total: Int, maxSeconds: Double, keySize: Int, valSize: Int,
                     keySpaceSize: Int, writeOut: String) throws(SettingsError) -> LoadSettings {
        let parsed: [Endpoint]
        do { parsed = try Endpoint.list(parsing: endpoints) } catch { throw SettingsError("--endpoints: \(error)") }
        guard (1...clientsMax).contains(clients) else { throw SettingsError("--clients must be between 1 and \(clientsMax), not \(clients)") }
        guard (1...totalMax).contains(total) else { throw SettingsError("--total must be between 1 and \(totalMax), not \(total)") }
        guard maxSeconds > 0, maxSeconds <= timeLimitSecondsMax else {
            throw SettingsError("--max-seconds must be above 0 and at most \(Int(timeLimitSecondsMax)), not \(maxSeconds)")
        }
        guard keySpaceSize >= 1 else { throw SettingsError("--key-space-size must be at least 1, not \(keySpaceSize)") }
        let digits = Keys.digits(keySpace: keySpaceSize)
        guard keySize >= digits else {
            throw SettingsError("--key-size \(keySize) is too short for \(keySpaceSize) keys: it needs at least \(digits) bytes")
        }
        guard valSize >= 0 else { throw SettingsError("--val-size must not be negative, not \(valSize)") }
        guard keySize + valSize <= requestBytesMax else {
            throw SettingsError("--key-size plus --val-size must be at most \(requestBytesMax) bytes (etcd's request limit)")
        }
        guard let format = OutputFormat(rawValue: writeOut) else {
            throw SettingsError("-w must be one of \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")), not \(writeOut)")
        }
        return LoadSettings(endpoints: parsed, clients: clients, total: total, timeLimit: .seconds(maxSeconds),
                            keyBytes: keySize, valueBytes: valSize, keySpace: keySpaceSize, format: format)
    }

    var clientConfiguration: ClientConfiguration { ClientConfiguration(endpoints: endpoints) }

    /// The client that runs `runner` uses this endpoint, so that clients spread over the cluster.
    func endpoint(forRunner runner: Int) -> Endpoint {
        precondition(runner >= 0, "runners are numbered from 0")
        return endpoints[runner % endpoints.count]
    }
}
