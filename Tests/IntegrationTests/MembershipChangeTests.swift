import Foundation
import TestSupport
import Testing

extension Integration {
    /// Run-time membership changes with the real etcdctl 3.4, on a kvd cluster and on an etcd
    /// 3.4 cluster alike: what etcdctl prints must match, apart from ids, names and ports.
    @Suite struct MembershipChangeTests {
        @Test func membersAreAddedJoinPromotedAndRemovedAsInEtcd() throws {
            let etcd = try ProcessCluster(.etcd, size: 3)
            defer { etcd.stop() }
            let expected = try scenario(etcd)
            let kvd = try ProcessCluster(.kvd, size: 3)
            defer { kvd.stop() }
            let actual = try scenario(kvd)
            #expect(actual.map(\.step) == expected.map(\.step))
            for (mine, theirs) in zip(actual, expected) {
                #expect(Normalize.output(mine.output, sortingLines: true) == Normalize.output(theirs.output, sortingLines: true),
                        "\(mine.step) printed:\n\(mine.output)\netcd printed:\n\(theirs.output)")
            }
        }

        /// Add m3 and start it joining; read from it what was written before; remove m1, which
        /// stops; add m4 as a learner, start it, promote it once it has caught up.
        private func scenario(_ cluster: ProcessCluster) throws -> [(step: String, output: String)] {
            var outputs: [(step: String, output: String)] = []
            let endpoint = cluster.members[0].clientURL
            #expect(try Etcdctl.run(["put", "before", "written"], endpoints: endpoint).status == 0)

            let third = try cluster.addMember()
            let added = try retrying(["member", "add", "m3", "--peer-urls=\(cluster.members[third].peerURL)"], on: endpoint,
                                     while: "unhealthy cluster")
            outputs.append(("member add", added))
            try cluster.start(third, joining: true)
            try waitFor("m3 started", in: cluster) {
                try Etcdctl.run(["member", "list"], endpoints: endpoint).stdout.contains(", started, m3,")
            }
            outputs.append(("member list", try Etcdctl.run(["member", "list"], endpoints: endpoint).stdout))
            let readFromNew = try Etcdctl.run(["get", "before", "--consistency=s"], endpoints: cluster.members[third].clientURL)
            #expect(readFromNew.stdout == "before\nwritten\n", "\(cluster.server) m3 read: \(readFromNew.stderr)\n\(cluster.logs())")

            let removedID = try memberID(named: "m1", in: cluster, endpoint: endpoint)
            outputs.append(("member remove", try retrying(["member", "remove", removedID], on: endpoint, while: "unhealthy cluster")))
            cluster.forget(1)
            try waitFor("the removed member exits", in: cluster) { cluster.members[1].process?.isRunning == false }

            let fourth = try cluster.addMember()
            outputs.append(("member add --learner", try retrying(
                ["member", "add", "m4", "--learner", "--peer-urls=\(cluster.members[fourth].peerURL)"], on: endpoint,
                while: "unhealthy cluster")))
            try cluster.start(fourth, joining: true)
            let learnerID = try memberID(named: "m4", in: cluster, endpoint: endpoint)
            let onLearner = try Etcdctl.run(["put", "k", "v"], endpoints: cluster.members[fourth].clientURL)
            outputs.append(("put on a learner", "\(onLearner.status) \(onLearner.stdout)\(onLearner.stderr)"))
            outputs.append(("member promote", try retrying(["member", "promote", learnerID], on: endpoint,
                                                           while: "in sync with leader")))
            try waitFor("every member has the same revision", in: cluster) {
                let status = try Etcdctl.run(["endpoint", "status", "--cluster", "-w", "json"], endpoints: endpoint).stdout
                let revisions = status.matches(of: /"revision":(\d+)/).map { String($0.1) }
                return revisions.count == 4 && Set(revisions).count == 1
            }
            outputs.append(("member list after", try Etcdctl.run(["member", "list"], endpoints: endpoint).stdout))
            return outputs
        }

        /// A member that was down while another was added and became leader catches up from
        /// that leader, although its own log does not name it yet. (With etcd's strict checks
        /// off, as an operator may do to add a member while one is down.)
        @Test func aMemberDownDuringAnAdditionCatchesUpFromTheNewLeader() throws {
            let cluster = try ProcessCluster(.kvd, size: 3, flags: ["--strict-reconfig-check=false"])
            defer { cluster.stop() }
            let endpoint = cluster.members[0].clientURL
            cluster.terminate(2)
            let added = try cluster.addMember()
            let add = try Etcdctl.run(["member", "add", "m3", "--learner", "--peer-urls=\(cluster.members[added].peerURL)"],
                                      endpoints: endpoint)
            #expect(add.status == 0, "refused with --strict-reconfig-check=false: \(add.stderr)")
            try cluster.start(added, joining: true)
            let newID = try memberID(named: "m3", in: cluster, endpoint: endpoint)
            // Followers pass a promotion to the leader and its answer back, error or not.
            var promoted = false
            for member in cluster.members.prefix(2) where !promoted {
                let promote = try Etcdctl.run(["member", "promote", newID], endpoints: member.clientURL)
                promoted = promote.status == 0
                #expect(promoted || promote.stderr.contains("Error: etcdserver: "), "\(member.name): \(promote.stderr)")
            }
            if !promoted { _ = try retrying(["member", "promote", newID], on: endpoint, while: "in sync with leader") }
            _ = try retrying(["move-leader", newID], on: cluster.endpoints, while: "")
            for i in 0..<10 {
                #expect(try Etcdctl.run(["put", "while-away-\(i)", "v"], endpoints: endpoint).status == 0)
            }

            try cluster.start(2)
            let returning = cluster.members[2].clientURL
            try waitFor("the returning member has the writes made while it was away", in: cluster) {
                try Etcdctl.run(["get", "while-away-9", "--consistency=s", "--print-value-only"], endpoints: returning).stdout == "v\n"
            }
            let status = try Etcdctl.run(["endpoint", "status", "-w", "json"], endpoints: endpoint).stdout
            let leader = try #require(status.firstMatch(of: /"leader":(\d+)/)).1
            #expect(String(UInt64(leader)!, radix: 16) == newID, "the new member no longer leads: \(status)")
        }

        /// Runs an etcdctl command until it succeeds, again while it fails with `transient`
        /// (etcd refuses changes until every peer has been reachable for five seconds).
        private func retrying(_ arguments: [String], on endpoint: String, while transient: String) throws -> String {
            var last = CommandResult(status: -1, stdout: "", stderr: "")
            for _ in 0..<40 {
                last = try Etcdctl.run(arguments, endpoints: endpoint)
                if last.status == 0 { return last.stdout }
                guard last.stderr.contains(transient) else { break }
                Thread.sleep(forTimeInterval: 0.5)
            }
            throw IntegrationFailure("etcdctl \(arguments.joined(separator: " ")): \(last.stderr)")
        }

        /// The id of the member called `name` (unstarted members have no name yet: waits for it).
        private func memberID(named name: String, in cluster: ProcessCluster, endpoint: String) throws -> String {
            var id: String?
            try waitFor("\(name) in the member list", in: cluster) {
                let list = try Etcdctl.run(["member", "list"], endpoints: endpoint).stdout
                id = list.split(separator: "\n").first { $0.contains(", \(name),") }.map { String($0.prefix { $0 != "," }) }
                return id != nil
            }
            return id!
        }

        private func waitFor(_ what: String, in cluster: ProcessCluster, _ condition: () throws -> Bool) throws {
            let deadline = Date().addingTimeInterval(30)
            while Date() < deadline {
                if try condition() { return }
                Thread.sleep(forTimeInterval: 0.2)
            }
            throw IntegrationFailure("\(cluster.server): \(what) never happened\n\(cluster.logs())")
        }
    }
}
