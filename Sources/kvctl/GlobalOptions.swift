import Foundation
import ArgumentParser
import Client

/// etcdctl's global flags. Each one left out is taken from `KVCTL_<FLAG>`, then
/// `ETCDCTL_<FLAG>` (upper case, `-` as `_`), then etcdctl's default; a flag given on the
/// command line wins over the environment, as in etcdctl.
struct GlobalOptions: ParsableArguments {
    @Option(help: "gRPC endpoints, comma-separated (default 127.0.0.1:2379); tried in turn.")
    var endpoints: String?
    @Option(name: .customLong("dial-timeout"), help: "Dial timeout for client connections (default 2s).")
    var dialTimeout: String?
    @Option(name: .customLong("command-timeout"), help: "Timeout for short running commands, excluding the dial (default 5s).")
    var commandTimeout: String?
    @Option(name: .customLong("keepalive-time"), help: "Keepalive time for client connections (default 2s).")
    var keepaliveTime: String?
    @Option(name: .customLong("keepalive-timeout"), help: "Keepalive timeout for client connections (default 6s).")
    var keepaliveTimeout: String?
    @Option(help: "Verify the servers' certificates with this CA bundle.")
    var cacert: String?
    @Option(help: "Identify this client with this TLS certificate file.")
    var cert: String?
    @Option(help: "Identify this client with this TLS key file.")
    var key: String?
    @Flag(name: .customLong("insecure-skip-tls-verify"), help: "Skip server certificate verification (testing only).")
    var insecureSkipTLSVerify = false
    @Option(name: .customLong("insecure-transport"),
            help: "false: TLS for endpoints without a scheme even with no other TLS flag (default true).")
    var insecureTransport: String?
    @Option(help: "username[:password] for authentication.")
    var user: String?
    @Option(help: "Password for authentication (then --user holds no password).")
    var password: String?
    @Option(name: [.short, .customLong("write-out")],
            help: "Output format: simple, json, fields, table (as etcdctl), lines, ndjson (for pipes; see below).")
    var writeOut: String?
    @Flag(help: "Print keys and values as hex-escaped bytes (simple format).")
    var hex = false
    @Flag(help: "Print the resolved settings to stderr before running.")
    var debug = false

    /// The settings these flags and the environment give.
    func settings(environment: [String: String]) throws(KvctlError) -> Settings {
        let lookup = EnvironmentLookup(environment)
        func value(_ flag: String?, _ name: String) -> String? { flag ?? lookup.value(for: name) }
        func flag(_ given: Bool, _ name: String) throws(KvctlError) -> Bool {
            if given { return true }
            guard let text = lookup.value(for: name) else { return false }
            guard let parsed = GoValue.bool(text) else {
                throw .badArguments("invalid value \"\(text)\" for \(lookup.source(for: name) ?? name): expected true or false")
            }
            return parsed
        }
        func duration(_ flag: String?, _ name: String, _ fallback: Duration) throws(KvctlError) -> Duration {
            guard let text = value(flag, name) else { return fallback }
            guard let parsed = GoValue.duration(text) else {
                throw .badArguments("invalid argument \"\(text)\" for \"--\(name)\" flag: time: invalid duration \"\(text)\"")
            }
            return parsed
        }

        let endpoints: [Endpoint]
        do { endpoints = try Endpoint.list(parsing: value(self.endpoints, "endpoints") ?? "127.0.0.1:2379") } catch {
            throw .badArguments(error.description)
        }
        let insecure = try GoBoolOption.value(value(insecureTransport, "insecure-transport") ?? "true", flag: "insecure-transport")
        let tls = TLSFiles(caCertificate: value(cacert, "cacert"), certificate: value(cert, "cert"), key: value(key, "key"),
                           skipVerification: try flag(insecureSkipTLSVerify, "insecure-skip-tls-verify"), insecureTransport: insecure)
        let configuration = ClientConfiguration(
            endpoints: endpoints,
            dialTimeout: try duration(dialTimeout, "dial-timeout", .seconds(2)),
            commandTimeout: try duration(commandTimeout, "command-timeout", .seconds(5)),
            keepaliveTime: try duration(keepaliveTime, "keepalive-time", .seconds(2)),
            keepaliveTimeout: try duration(keepaliveTimeout, "keepalive-timeout", .seconds(6)),
            tls: tls.isRequested ? tls : nil,
            credentials: try Self.credentials(user: value(user, "user"), password: value(password, "password")))
        return Settings(configuration: configuration, printer: try printer(environment: environment), debug: try flag(debug, "debug"))
    }

    /// `-w` and `--hex` alone, for the commands that need no cluster.
    func printer(environment: [String: String]) throws(KvctlError) -> Printer {
        let lookup = EnvironmentLookup(environment)
        guard let format = OutputFormat(rawValue: writeOut ?? lookup.value(for: "write-out") ?? "simple") else {
            throw .badArguments("unsupported output format")
        }
        let hexText = hex ? "true" : lookup.value(for: "hex") ?? "false"
        guard let hex = GoValue.bool(hexText) else {
            throw .badArguments("invalid value \"\(hexText)\" for \(lookup.source(for: "hex") ?? "hex"): expected true or false")
        }
        return Printer(format: format, hex: hex)
    }

    /// `--user name:password`, or `--user name --password password`, as etcdctl takes them.
    static func credentials(user: String?, password: String?) throws(KvctlError) -> Credentials? {
        guard let user else {
            if password != nil { throw .badArguments("--password needs --user") }
            return nil
        }
        if let password {
            guard !user.contains(":") else { throw .badArguments("--user shouldn't include password when --password is set") }
            return Credentials(user: user, password: password)
        }
        guard let colon = user.firstIndex(of: ":") else {
            throw .badArguments("--user needs a password: use --user name:password or --password")
        }
        return Credentials(user: String(user[..<colon]), password: String(user[user.index(after: colon)...]))
    }
}

/// What every command runs with once the flags and the environment are resolved.
struct Settings: Sendable {
    var configuration: ClientConfiguration
    var printer: Printer
    var debug: Bool

    var client: EtcdClient { EtcdClient(configuration) }
}

/// `KVCTL_<FLAG>` first, then etcdctl's `ETCDCTL_<FLAG>`; an empty value counts as unset.
struct EnvironmentLookup {
    let environment: [String: String]

    init(_ environment: [String: String]) {
        self.environment = environment
    }

    static func names(for flag: String) -> [String] {
        let suffix = flag.uppercased().replacingOccurrences(of: "-", with: "_")
        return ["KVCTL_" + suffix, "ETCDCTL_" + suffix]
    }

    func source(for flag: String) -> String? {
        Self.names(for: flag).first { environment[$0].map { !$0.isEmpty } ?? false }
    }

    func value(for flag: String) -> String? {
        source(for: flag).flatMap { environment[$0] }
    }
}
