/// etcdctl takes its global flags before the command too (`etcdctl --endpoints x get k`);
/// ArgumentParser reads a command's flags only after its name. This moves the global flags
/// written before the command to the end (before a `--`), where the command reads them.
enum LeadingGlobalFlags {
    /// Global flags that take a value.
    static let valued: Set<String> = [
        "--endpoints", "--dial-timeout", "--command-timeout", "--keepalive-time", "--keepalive-timeout",
        "--cacert", "--cert", "--key", "--user", "--password", "--write-out", "-w", "--insecure-transport",
    ]
    static let switches: Set<String> = ["--insecure-skip-tls-verify", "--hex", "--debug"]

    static func reorder(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            let name = String(argument.prefix { $0 != "=" })
            if switches.contains(argument) || (valued.contains(name) && argument.contains("=")) {
                leading.append(argument)
                index += 1
            } else if valued.contains(argument), index + 1 < arguments.count {
                leading += arguments[index...index + 1]
                index += 2
            } else {
                break
            }
        }
        guard !leading.isEmpty else { return arguments }
        var rest = Array(arguments[index...])
        let insertAt = rest.firstIndex(of: "--") ?? rest.count
        rest.insert(contentsOf: leading, at: insertAt)
        return rest
    }
}
