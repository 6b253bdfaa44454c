import ArgumentParser
import Failpoints

/// Turns `KVD_<FLAG>` and `ETCD_<FLAG>` environment variables into flags, as etcd does with
/// `ETCD_<FLAG>`: a variable fills in a flag the command line left out (an empty one is no
/// setting, as in etcd); a flag set in both places, or given twice, is an error. Unlike etcd,
/// which warns and runs on, an etcd flag kvd does not serve yet and an unknown `KVD_`/`ETCD_`
/// variable stop the start: ignoring `ETCD_DISCOVERY_SRV` made each node a cluster of its own.
enum EnvironmentFlags {
    static let prefixes = ["KVD_", "ETCD_"]
    /// Variables read elsewhere than as flags.
    static let otherVariables = EtcdServerFlags.otherVariables.union([FailpointTable.variable])

    static func variableName(prefix: String, flag: String) -> String {
        prefix + flag.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    /// `booleanFlags` take Go's forms, as etcd's do: `--flag`, `--flag=true|false` (and 1, t,
    /// TRUE, 0, f, FALSE...), `ETCD_FLAG=true|false`; a false one becomes `--no-flag`.
    static func merge(arguments: [String], environment: [String: String], knownFlags: [String],
                      booleanFlags: Set<String> = []) throws -> [String] {
        var given: [String: Int] = [:]
        for argument in arguments where argument.hasPrefix("--") {
            let written = String(argument.dropFirst(2).prefix { $0 != "=" })
            // `--no-flag` sets the boolean `flag`: an environment variable must not override it.
            let negated = written.hasPrefix("no-") ? String(written.dropFirst(3)) : nil
            let name = negated.flatMap { booleanFlags.contains($0) ? $0 : nil } ?? written
            given[name, default: 0] += 1
        }
        if let repeated = given.first(where: { $0.value > 1 && knownFlags.contains($0.key) }) {
            throw ValidationError("flag --\(repeated.key) given \(repeated.value) times")
        }
        let unimplemented = EtcdServerFlags.all.subtracting(knownFlags)
        if let flag = given.keys.sorted().first(where: unimplemented.contains) {
            throw ValidationError(EtcdServerFlags.refusal(flag: flag))
        }
        var merged = try arguments.map { try booleanArgument($0, booleanFlags: booleanFlags) }
        var recognized: Set<String> = []
        var filled: Set<String> = []
        for flag in knownFlags.sorted() {
            for prefix in prefixes {
                let variable = variableName(prefix: prefix, flag: flag)
                guard let value = environment[variable] else { continue }
                recognized.insert(variable)
                if given[flag] != nil {
                    throw ValidationError("conflicting environment variable \"\(variable)\" is shadowed by corresponding command-line flag (either unset environment variable or disable flag)")
                }
                // KVD_ wins over ETCD_: the first prefix found fills the flag.
                guard !filled.contains(flag), !value.isEmpty else { continue }
                filled.insert(flag)
                if booleanFlags.contains(flag) {
                    guard let on = parseBool(value) else {
                        throw ValidationError("invalid value \"\(value)\" for \(variable): parse error")
                    }
                    merged.append(on ? "--\(flag)" : "--no-\(flag)")
                } else {
                    merged.append("--\(flag)=\(value)")
                }
            }
        }
        try refuseUnserved(environment: environment, recognized: recognized, unimplemented: unimplemented)
        return merged
    }

    /// Stops at the first `KVD_`/`ETCD_` variable that would be dropped: one naming an etcd flag
    /// kvd does not serve yet, or one that names nothing. Empty ones are no setting, as in etcd.
    private static func refuseUnserved(environment: [String: String], recognized: Set<String>,
                                       unimplemented: Set<String>) throws {
        var flagOfVariable: [String: String] = [:]
        for flag in unimplemented {
            for prefix in prefixes { flagOfVariable[variableName(prefix: prefix, flag: flag)] = flag }
        }
        for (variable, value) in environment.sorted(by: { $0.key < $1.key })
        where prefixes.contains(where: variable.hasPrefix) && !recognized.contains(variable) && !value.isEmpty
            && !otherVariables.contains(variable) {
            if let flag = flagOfVariable[variable] {
                throw ValidationError(EtcdServerFlags.refusal(flag: flag, variable: variable))
            }
            throw ValidationError("unrecognized environment variable \(variable)=\(value): no flag of kvd or etcd has that name; refusing to start")
        }
    }

    /// `--flag=value` of a boolean flag as the parser takes it: `--flag` or `--no-flag`.
    private static func booleanArgument(_ argument: String, booleanFlags: Set<String>) throws -> String {
        guard argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") else { return argument }
        let name = String(argument[argument.index(argument.startIndex, offsetBy: 2)..<equals])
        guard booleanFlags.contains(name) else { return argument }
        let value = String(argument[argument.index(after: equals)...])
        guard let on = parseBool(value) else {
            throw ValidationError("invalid boolean value \"\(value)\" for -\(name): parse error")
        }
        return on ? "--\(name)" : "--no-\(name)"
    }

    /// Go's strconv.ParseBool, which etcd's boolean flags use.
    static func parseBool(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "TRUE", "true", "True": true
        case "0", "f", "F", "FALSE", "false", "False": false
        default: nil
        }
    }
}
