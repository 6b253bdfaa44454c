import ArgumentParser

/// Turns `KVD_<FLAG>` and `ETCD_<FLAG>` environment variables into flags, as etcd does with
/// `ETCD_<FLAG>`: a variable fills in a flag the command line left out; a flag set in both
/// places, or given twice, is an error; an unknown variable is reported and ignored.
enum EnvironmentFlags {
    static let prefixes = ["KVD_", "ETCD_"]

    /// etcd flags an operator's environment file may carry that kvd does not serve yet. They are
    /// refused rather than ignored: silently dropping TLS settings would serve in the clear.
    static let notYetSupported: Set<String> = [
        "cert-file", "key-file", "client-cert-auth", "trusted-ca-file", "peer-cert-file", "peer-key-file",
        "peer-trusted-ca-file", "peer-client-cert-auth", "auto-tls", "peer-auto-tls", "cipher-suites",
    ]

    static func variableName(prefix: String, flag: String) -> String {
        prefix + flag.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    static func merge(arguments: [String], environment: [String: String], knownFlags: [String]) throws -> [String] {
        var given: [String: Int] = [:]
        for argument in arguments where argument.hasPrefix("--") {
            let name = String(argument.dropFirst(2).prefix { $0 != "=" })
            given[name, default: 0] += 1
        }
        if let repeated = given.first(where: { $0.value > 1 && knownFlags.contains($0.key) }) {
            throw ValidationError("flag --\(repeated.key) given \(repeated.value) times")
        }
        var merged = arguments
        var recognized: Set<String> = []
        for flag in knownFlags.sorted() {
            for prefix in prefixes {
                let variable = variableName(prefix: prefix, flag: flag)
                guard let value = environment[variable] else { continue }
                recognized.insert(variable)
                if given[flag] != nil {
                    throw ValidationError("conflicting environment variable \"\(variable)\" is shadowed by corresponding command-line flag (either unset environment variable or disable flag)")
                }
                // KVD_ wins over ETCD_: the first prefix found fills the flag.
                if !merged.contains(where: { $0.hasPrefix("--\(flag)=") }) {
                    merged.append("--\(flag)=\(value)")
                }
            }
        }
        for flag in notYetSupported.sorted() {
            for prefix in prefixes where environment[variableName(prefix: prefix, flag: flag)] != nil {
                throw ValidationError("\(variableName(prefix: prefix, flag: flag)): --\(flag) is not supported by this kvd yet")
            }
        }
        for variable in environment.keys.sorted() where prefixes.contains(where: variable.hasPrefix) && !recognized.contains(variable) {
            printToStandardError("kvd: unrecognized environment variable \(variable)=\(environment[variable] ?? "")")
        }
        return merged
    }
}
