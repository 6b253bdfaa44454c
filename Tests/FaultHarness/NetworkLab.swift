import Foundation
import TestSupport

/// Network namespaces made for one campaign: a hub holding a bridge (and the harness, which
/// runs inside it), and one namespace per member on a veth pair to that bridge. Nothing is
/// added to the machine's own namespace; partitions are nftables rules in the members'.
public struct NetworkLab: Sendable {
    public let name: String
    public let size: Int
    static let subnet = "10.231.0"
    static let ip = "/usr/sbin/ip"

    public var hub: String { "\(name)h" }
    public func namespace(_ member: Int) -> String { "\(name)m\(member)" }
    public func address(_ member: Int) -> String { "\(Self.subnet).\(member + 2)" }

    /// The lab of a running campaign, by name.
    public init(name: String, size: Int) {
        precondition((1...7).contains(size) && !name.isEmpty && name.count <= 12, "a short name, 1 to 7 members")
        self.name = name
        self.size = size
    }

    /// Makes the namespaces, after removing those a dead campaign left behind.
    public static func create(size: Int) throws -> NetworkLab {
        try removeAbandoned()
        let lab = NetworkLab(name: "kvf\(getpid())", size: size)
        do {
            try run([ip, "netns", "add", lab.hub])
            try run([ip, "-n", lab.hub, "link", "set", "lo", "up"])
            try run([ip, "-n", lab.hub, "link", "add", "br0", "type", "bridge"])
            try run([ip, "-n", lab.hub, "addr", "add", "\(subnet).1/24", "dev", "br0"])
            try run([ip, "-n", lab.hub, "link", "set", "br0", "up"])
            for member in 0..<size {
                let namespace = lab.namespace(member)
                try run([ip, "netns", "add", namespace])
                try run([ip, "-n", namespace, "link", "set", "lo", "up"])
                try run([ip, "link", "add", "name", "eth0", "netns", namespace, "type", "veth",
                         "peer", "name", "p\(member)", "netns", lab.hub])
                try run([ip, "-n", namespace, "addr", "add", "\(lab.address(member))/24", "dev", "eth0"])
                try run([ip, "-n", namespace, "link", "set", "eth0", "up"])
                try run([ip, "-n", lab.hub, "link", "set", "p\(member)", "master", "br0"])
                try run([ip, "-n", lab.hub, "link", "set", "p\(member)", "up"])
            }
        } catch {
            lab.destroy()
            throw error
        }
        return lab
    }

    public func destroy() {
        for namespace in (0..<size).map(namespace) + [hub] {
            _ = try? Self.run([Self.ip, "netns", "delete", namespace])
        }
    }

    /// The command that runs `arguments` inside a member's namespace (exec'd: the same PID).
    func command(member: Int, _ arguments: [String]) -> [String] {
        [Self.ip, "netns", "exec", namespace(member)] + arguments
    }

    /// Sets a member's packet filter: packets to and from `cut` members are dropped both ways,
    /// and the member's own peer connections to `unsent` members (so it cannot send to them,
    /// though they can still send to it); `lossPercent` of the packets from `lossy` members are
    /// dropped at random. Empty sets heal it.
    func filter(member: Int, cut: Set<Int>, unsent: Set<Int>, lossy: Set<Int> = [], lossPercent: Int = 0,
                peerPort: Int) throws {
        precondition((0...100).contains(lossPercent), "a loss of \(lossPercent)%")
        var rules = ["flush ruleset", "table inet kvfault {",
                     "  chain input { type filter hook input priority 0; policy accept;"]
        if !cut.isEmpty { rules.append("    ip saddr { \(addresses(cut)) } drop") }
        if !lossy.isEmpty && lossPercent > 0 {
            rules.append("    ip saddr { \(addresses(lossy)) } numgen random mod 100 < \(lossPercent) drop")
        }
        rules += ["  }", "  chain output { type filter hook output priority 0; policy accept;"]
        if !cut.isEmpty { rules.append("    ip daddr { \(addresses(cut)) } drop") }
        if !unsent.isEmpty { rules.append("    ip daddr { \(addresses(unsent)) } tcp dport \(peerPort) drop") }
        rules += ["  }", "}"]
        try Self.run(command(member: member, ["nft", "-f", "-"]), stdin: rules.joined(separator: "\n") + "\n")
    }

    private func addresses(_ members: Set<Int>) -> String {
        members.sorted().map(address).joined(separator: ", ")
    }

    private static func removeAbandoned() throws {
        let listing = try run([ip, "netns", "list"])
        for line in listing.split(separator: "\n") {
            let namespace = String(line.split(separator: " ").first ?? "")
            guard namespace.hasPrefix("kvf"),
                  let pid = Int(namespace.dropFirst(3).prefix { $0.isNumber }),
                  !FileManager.default.fileExists(atPath: "/proc/\(pid)") else { continue }
            _ = try? run([ip, "netns", "delete", namespace])
        }
    }

    /// Runs a command to its end: its standard output, or an error with its stderr.
    @discardableResult
    static func run(_ arguments: [String], stdin: String? = nil) throws -> String {
        let result = try runCommand(URL(fileURLWithPath: arguments[0]), Array(arguments.dropFirst()), stdin: stdin)
        guard result.status == 0 else { throw CampaignError("\(arguments.joined(separator: " ")): \(result.stderr)") }
        return result.stdout
    }
}
