import Foundation
import TestSupport
import Testing

extension Integration {
/// kvctl in shell pipelines against a real kvd: jq, head, stdin and binary values.
@Suite struct KvctlPipeTests {
    @Test func pipesWork() throws {
        let cluster = try ProcessCluster(.kvd, size: 1)
        defer { cluster.stop() }
        let endpoints = cluster.endpoints
        for (key, value) in [("/a", "1"), ("/b", "two words"), ("/c/d", "é")] {
            #expect(try Kvctl.run(["put", key, value], endpoints: endpoints).status == 0)
        }

        let keys = try Kvctl.shell("set -o pipefail; kvctl get --prefix / -w ndjson | jq -r .key", endpoints: endpoints)
        #expect(keys.status == 0, "\(keys.stderr)")
        #expect(keys.stdout == "/a\n/b\n/c/d\n")
        let values = try Kvctl.shell("kvctl get --prefix / -w lines | cut -f2", endpoints: endpoints)
        #expect(values.stdout == "1\ntwo words\né\n")

        let fromStdin = try Kvctl.shell("echo v | kvctl put /stdin && kvctl get /stdin --print-value-only", endpoints: endpoints)
        #expect(fromStdin.status == 0 && fromStdin.stdout == "OK\nv\n\n", "\(fromStdin)")

        // Every troublesome byte, out through -w lines and back in through printf '%b'.
        let binary = try Kvctl.shell("""
            set -o pipefail
            printf 'a\\tb\\nc\\\\d\\x00\\x01\\xff\\r' | kvctl put /bin >/dev/null
            kvctl get /bin -w lines | cut -f2 | { IFS= read -r v; printf '%b' "$v"; } | kvctl put /copy >/dev/null
            kvctl get /bin -w json | jq -r '.kvs[0].value'
            kvctl get /copy -w json | jq -r '.kvs[0].value'
            """, endpoints: endpoints)
        #expect(binary.status == 0, "\(binary.stderr)")
        let lines = binary.stdout.split(separator: "\n")
        #expect(lines.count == 2 && lines[0] == lines[1], "\(binary.stdout)")
        #expect(lines.first == Substring(Data([0x61, 0x09, 0x62, 0x0A, 0x63, 0x5C, 0x64, 0x00, 0x01, 0xFF, 0x0D]).base64EncodedString()))
    }

    /// Every command prints records for pipes: one tab-separated line (`-w lines`) or one JSON
    /// object per line (`-w ndjson`, so jq reads it).
    @Test func everyCommandPrintsPipeFormats() throws {
        let cluster = try ProcessCluster(.kvd, size: 1)
        defer { cluster.stop() }
        let snapshot = cluster.root.appendingPathComponent("pipe.snapshot").path
        let script = """
            set -euo pipefail
            echo "put=$(kvctl put /p/a 1 -w ndjson | jq '.revision > 0')"
            echo "prev=$(kvctl put /p/a 2 --prev-kv -w ndjson | jq -r .prev_kv.value)"
            echo "put-lines=$(kvctl put /p/b x -w lines | grep -Ec '^[0-9]+$')"
            echo "keys=$(kvctl get /p --prefix --keys-only -w lines | paste -sd, -)"
            echo "del=$(kvctl del /p/a --prev-kv -w lines | paste -sd, -)"
            printf 'value("/p/b") = "x"\n\nget /p/b\nput /p/c 3\n\n\n' | kvctl txn -w ndjson | jq -c '[.succeeded, .responses[0].kvs[0].value]' | sed 's/^/txn=/'
            lease=$(kvctl lease grant 60 -w ndjson | jq -r .id)
            kvctl put /p/leased v --lease "$lease" >/dev/null
            echo "ttl=$(kvctl lease timetolive "$lease" --keys -w lines | cut -f1,2,4)"
            echo "leases=$(kvctl lease list -w ndjson | jq -r .id)"
            echo "kept=$(kvctl lease keep-alive --once "$lease" -w ndjson | jq -c '[.id == "'"$lease"'", .ttl > 0]')"
            echo "revoked=$(kvctl lease revoke "$lease" -w lines)"
            echo "member=$(kvctl member list -w ndjson | jq -r .name)"
            echo "status=$(kvctl endpoint status -w ndjson | jq -r '.Status.version | length > 0')"
            echo "health=$(kvctl endpoint health -w lines | cut -f2)"
            echo "hash=$(kvctl endpoint hashkv -w ndjson | jq '.HashKV.hash > 0')"
            echo "alarms=$(kvctl alarm list -w ndjson | wc -l)"
            echo "compacted=$(kvctl compaction 2 -w ndjson)"
            echo "defrag=$(kvctl defrag -w ndjson | jq .defragmented)"
            echo "snapshot=$(kvctl snapshot save \(snapshot) -w ndjson | jq '.size > 0')"
            echo "version=$(kvctl version -w lines | cut -f2)"
            """
        let result = try Kvctl.shell(script, endpoints: cluster.endpoints, timeoutSeconds: 60)
        #expect(result.status == 0, "\(result)")
        #expect(result.stdout == """
            put=true
            prev=1
            put-lines=1
            keys=/p/a,/p/b
            del=1,/p/a\t2
            txn=[true,"x"]
            ttl=\(try #require(result.stdout.firstMatch(of: /ttl=([0-9a-f]{16})/)).1)\t60\t/p/leased
            leases=\(try #require(result.stdout.firstMatch(of: /leases=([0-9a-f]{16})/)).1)
            kept=[true,true]
            revoked=\(try #require(result.stdout.firstMatch(of: /revoked=([0-9a-f]{16})/)).1)\ttrue
            member=m0
            status=true
            health=true
            hash=true
            alarms=0
            compacted={"revision":2}
            defrag=true
            snapshot=true
            version=3.4

            """, "\(result.stdout)")
    }

    /// `kvctl watch … | head -n 1` ends with status 0 once head has gone: the next event
    /// meets a closed pipe and kvctl stops quietly.
    @Test func watchIntoHeadEndsCleanly() throws {
        let cluster = try ProcessCluster(.kvd, size: 1)
        defer { cluster.stop() }
        let watch = Process()
        watch.executableURL = URL(fileURLWithPath: "/bin/bash")
        watch.arguments = ["-c", "\(Binaries.kvctl.path) --endpoints \(cluster.endpoints) watch --prefix /w -w ndjson | head -n 1; echo \"status=${PIPESTATUS[0]}\""]
        watch.environment = Kvctl.environment
        let output = Pipe()
        watch.standardOutput = output
        watch.standardError = output
        try launching { try watch.run() }
        let reader = PipeReader(output)
        defer { if watch.isRunning { watch.terminate() } }
        Thread.sleep(forTimeInterval: 1)
        for index in 0..<20 where watch.isRunning {
            _ = try Kvctl.run(["put", "/w/\(index)", "v"], endpoints: cluster.endpoints)
            Thread.sleep(forTimeInterval: 0.2)
        }
        let deadline = Date().addingTimeInterval(10)
        while watch.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        #expect(!watch.isRunning, "the watch did not end after head exited")
        watch.waitUntilExit()
        let text = String(decoding: reader.finish(), as: UTF8.self)
        #expect(text.hasPrefix(#"{"type":"PUT","key":"/w/0","value":"v""#), "\(text)")
        #expect(text.hasSuffix("status=0\n"), "\(text)")
    }

    /// A dead endpoint first in the list does not fail a command another endpoint serves.
    @Test func triesEndpointsInTurn() throws {
        let cluster = try ProcessCluster(.kvd, size: 1)
        defer { cluster.stop() }
        let dead = "127.0.0.1:\(try freePort())"
        let put = try Kvctl.run(["put", "k", "v"], endpoints: "\(dead),\(cluster.endpoints)")
        #expect(put.status == 0 && put.stdout == "OK\n", "\(put)")
        let unreachable = try Kvctl.run(["get", "k"], endpoints: dead)
        #expect(unreachable.status == 2)
        #expect(unreachable.stderr.hasPrefix("Error: no endpoint could be reached: \(dead)"), "\(unreachable.stderr)")
        #expect(unreachable.stderr.split(separator: "\n").count == 1)
    }
}
}
