import Foundation
import TestSupport
import Testing

extension Integration {
/// `member add|update|promote|remove|list`: the same changes through etcdctl and through
/// kvctl, each on a cluster of its own started alike, on etcd 3.4 and on kvd.
@Suite struct KvctlMemberTests {
    /// `$NEW`, `$LEARNER`: the ids each tool's own adds printed; `$P1`…`$P3`: free ports of
    /// each cluster's own; `$M0`: its first member's peer URL. (etcd and kvd derive a new
    /// member's id from its URLs and the second it is added in, so a second add of the same
    /// URLs within a second collides on the id first: the duplicate is a started member's.)
    /// (etcd and kvd refuse to add a voter while another added one has not started, so the
    /// learner comes first, and the duplicate URL is tried before the voter.)
    static let steps: [[String]] = [
        ["member", "add", "learner1", "--learner", "--peer-urls=http://127.0.0.1:$P2", "-w", "json"],
        ["member", "add", "again", "--peer-urls=$M0"],
        ["member", "add", "nourls"],
        ["member", "add"],
        ["member", "add", "new1", "--peer-urls=http://127.0.0.1:$P1"],
        ["member", "list"],
        ["member", "list", "-w", "json"],
        ["member", "update", "$NEW", "--peer-urls=http://127.0.0.1:$P3"],
        ["member", "update", "$NEW", "--peer-urls=http://127.0.0.1:$P3", "-w", "fields"],
        ["member", "promote", "$LEARNER"],
        ["member", "list", "-w", "table"],
        ["member", "remove", "$LEARNER"],
        ["member", "remove", "$NEW", "-w", "json"],
        ["member", "remove", "$NEW"],
        ["member", "remove", "zz"],
        ["member", "remove"],
        ["member", "list"],
    ]

    @Test(arguments: [ProcessCluster.Server.etcd, .kvd])
    func memberChangesPrintAsEtcdctl(server: ProcessCluster.Server) throws {
        let reference = try ProcessCluster(server, size: 3)
        defer { reference.stop() }
        let subject = try ProcessCluster(server, size: 3)
        defer { subject.stop() }
        var etcdctl = try Placeholders(firstPeer: reference.members[0].peerURL)
        var kvctl = try Placeholders(firstPeer: subject.members[0].peerURL)
        for step in Self.steps {
            let expected = try Self.change { try Etcdctl.run(etcdctl.fill(step), endpoints: reference.endpoints) }
            let actual = try Self.change { try Kvctl.run(kvctl.fill(step), endpoints: subject.endpoints) }
            etcdctl.learn(from: step, output: expected.stdout)
            kvctl.learn(from: step, output: actual.stdout)
            let command = "\(server): " + step.joined(separator: " ")
            #expect(actual.status == expected.status, "\(command): kvctl exit \(actual.status), etcdctl \(expected.status)\n\(actual.stderr)")
            #expect(Self.normalized(actual.stdout) == Self.normalized(expected.stdout),
                    "\(command): kvctl printed:\n\(actual.stdout)\netcdctl printed:\n\(expected.stdout)")
            #expect(Normalize.output(actual.stderr) == Normalize.output(expected.stderr),
                    "\(command): kvctl error:\n\(actual.stderr)\netcdctl error:\n\(expected.stderr)")
        }
        #expect(kvctl.values["$NEW"] != nil && kvctl.values["$LEARNER"] != nil, "kvctl's adds printed no ids")
    }

    /// kvd refuses changes until its peers have answered for a while ("unhealthy cluster");
    /// such a refusal changes nothing, so it is tried again (bounded).
    private static func change(_ run: () throws -> CommandResult) throws -> CommandResult {
        var result = try run()
        for _ in 0..<40 where result.stderr.contains("etcdserver: unhealthy cluster") {
            Thread.sleep(forTimeInterval: 0.5)
            result = try run()
        }
        return result
    }

    /// Output with what differs between two clusters masked: members in any order (lines,
    /// `--initial-cluster` items, JSON member lists), then ids, ports and names.
    static func normalized(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            if line.hasPrefix("ETCD_INITIAL_CLUSTER=\"") {
                let items = line.dropFirst("ETCD_INITIAL_CLUSTER=\"".count).dropLast().split(separator: ",").map(String.init)
                return "ETCD_INITIAL_CLUSTER=\"" + items.map { Normalize.output($0) }.sorted().joined(separator: ",") + "\""
            }
            guard line.hasPrefix("{"), let data = line.data(using: .utf8),
                  var object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return String(line) }
            if let members = object["members"] as? [[String: Any]] {
                // Unstarted members have no name; the learner flag tells the two this test adds apart.
                func order(_ member: [String: Any]) -> String { "\(member["name"] ?? "")|\(member["isLearner"] ?? false)" }
                object["members"] = members.sorted { order($0) < order($1) }
                    .map { member in member.filter { $0.key != "ID" }.mapValues { Normalize.output("\($0)") } }
            }
            return (try? JSONSerialization.data(withJSONObject: object, options: .sortedKeys)).map { String(decoding: $0, as: UTF8.self) } ?? String(line)
        }
        return Normalize.output(lines.joined(separator: "\n"), sortingLines: true)
    }

    /// One tool's ids and ports.
    struct Placeholders {
        var values: [String: String]

        init(firstPeer: String) throws {
            values = ["$P1": String(try freePort()), "$P2": String(try freePort()), "$P3": String(try freePort()), "$M0": firstPeer]
        }

        func fill(_ step: [String]) -> [String] {
            step.map { argument in values.reduce(argument) { $0.replacingOccurrences(of: $1.key, with: $1.value) } }
        }

        mutating func learn(from step: [String], output: String) {
            guard step.starts(with: ["member", "add"]), let added = output.firstMatch(of: /Member +([0-9a-f]+) added/) else {
                if step.starts(with: ["member", "add"]), let id = output.firstMatch(of: /"member":\{"ID":(\d+)/),
                   let number = UInt64(id.1) {
                    values["$LEARNER"] = String(number, radix: 16)
                }
                return
            }
            values[step.contains("--learner") ? "$LEARNER" : "$NEW"] = String(added.1)
        }
    }
}
}
