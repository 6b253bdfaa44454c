import API
import Foundation
import MVCC
import Testing
@testable import Server

/// The watch service over real members: a stream driven in-process, writes through Raft.
@Suite struct WatchServiceTests {
    @Test func aWatcherSeesLiveWritesInOrder() async throws {
        try await withCluster([1]) { cluster in
            let fixture = try await WatchFixture(try await cluster.leader())
            try await fixture.withStream { stream in
                let created = try await stream.create("/a")
                #expect(created.created && !created.canceled && created.watchID == 0)
                #expect(created.header.revision == (try fixture.member.store.state().revision))
                #expect(created.header.clusterID == 0xC1 && created.header.memberID == 1 && created.header.raftTerm > 0)

                let put = try await fixture.put("/a", "1")
                try await fixture.put("/other", "x")
                let deleted = try await fixture.delete("/a")
                let first = try await stream.responses.next()
                #expect(first.header.revision == put && first.watchID == 0)
                #expect(first.events.map(\.type) == [.put] && first.events[0].valueString == "1")
                let second = try await stream.responses.next()
                #expect(second.header.revision == deleted)
                #expect(second.events.map(\.type) == [.delete] && second.events[0].kv.modRevision == deleted)
            }
        }
    }

    @Test func historyCatchUpJoinsTheLiveFeedWithNoGapAndNoDuplicate() async throws {
        try await withCluster([1]) { cluster in
            var configuration = WatchConfiguration()
            configuration.catchUpEventsMax = 7
            configuration.bufferedEventsMax = 5
            let fixture = try await WatchFixture(try await cluster.leader(), configuration: configuration)
            var first: Int64 = 0
            for i in 0..<40 {
                let revision = try await fixture.put("/h/\(i % 9)", "\(i)")
                if i == 0 { first = revision }
            }
            try await fixture.withStream { stream in
                let writer = Task {
                    var last: Int64 = 0
                    for i in 40..<160 { last = try await fixture.put("/h/\(i % 9)", "\(i)") }
                    return last
                }
                try await stream.create("/h/", rangeEnd: "/h0", start: first)
                let last = try await writer.value
                let events = try await stream.events(Int(last - first + 1))
                #expect(events.map(\.event.kv.modRevision) == Array(first...last))
                #expect(events.map(\.event.valueString) == (0..<160).map(String.init))
            }
        }
    }

    @Test func prefixesAndRangesSelectTheirKeys() async throws {
        try await withCluster([1]) { cluster in
            let fixture = try await WatchFixture(try await cluster.leader())
            try await fixture.withStream { stream in
                try await stream.create("/p/", rangeEnd: "/p0")
                try await stream.create("b", rangeEnd: "d")
                try await stream.create("x", rangeEnd: "\0")
                for key in ["/p/1", "/p", "/q", "a", "b", "c", "d", "x", "zz", "/p/end"] { try await fixture.put(key, "v") }
                let events = try await stream.events(6)
                #expect(events.map { "\($0.watchID):\($0.event.keyString)" } == ["0:/p/1", "1:b", "1:c", "2:x", "2:zz", "0:/p/end"])
            }
        }
    }

    @Test func filtersDropPutsOrDeletes() async throws {
        try await withCluster([1]) { cluster in
            let fixture = try await WatchFixture(try await cluster.leader())
            try await fixture.withStream { stream in
                try await stream.create("k", filters: [.noput])
                try await stream.create("k", filters: [.nodelete])
                try await fixture.put("k", "1")
                try await fixture.delete("k")
                try await fixture.put("k", "2")
                let events = try await stream.events(3)
                #expect(events.map { "\($0.watchID):\($0.event.type)" } == ["1:put", "0:delete", "1:put"])
            }
        }
    }

    @Test func prevKVComesOnlyWhenAskedFor() async throws {
        try await withCluster([1]) { cluster in
            let fixture = try await WatchFixture(try await cluster.leader())
            try await fixture.put("k", "old")
            try await fixture.withStream { stream in
                try await stream.create("k", prevKV: true)
                try await stream.create("k")
                try await fixture.put("k", "new")
                let events = try await stream.events(2)
                #expect(events[0].watchID == 0 && events[0].event.hasPrevKv)
                #expect(String(decoding: events[0].event.prevKv.value, as: UTF8.self) == "old")
                #expect(events[1].watchID == 1 && !events[1].event.hasPrevKv)
            }
            // From history too.
            try await fixture.withStream { stream in
                try await stream.create("k", start: 2, prevKV: true)
                let events = try await stream.events(2)
                #expect(!events[0].event.hasPrevKv && events[1].event.hasPrevKv)
            }
        }
    }

    @Test func aSlowWatcherDoesNotHoldUpWritesAndStillGetsEverything() async throws {
        try await withCluster([1]) { cluster in
            var configuration = WatchConfiguration()
            configuration.bufferedEventsMax = 10
            let fixture = try await WatchFixture(try await cluster.leader(), configuration: configuration)
            try await fixture.withStream { stream in
                try await stream.create("/s/", rangeEnd: "/s0")
                stream.responses.gate.close()
                let start = ContinuousClock.now
                var revisions: [Int64] = []
                for i in 0..<300 { revisions.append(try await fixture.put("/s/\(i)", "\(i)")) }
                #expect(ContinuousClock.now - start < .seconds(30))
                stream.responses.gate.open()
                let events = try await stream.events(300)
                #expect(events.map(\.event.kv.modRevision) == revisions)
            }
        }
    }

    @Test func aTxnArrivesAsOneResponseAndAFutureStartWaitsForItsRevision() async throws {
        try await withCluster([1]) { cluster in
            let fixture = try await WatchFixture(try await cluster.leader())
            try await fixture.withStream { stream in
                let now = try fixture.member.store.state().revision
                try await stream.create("t/", rangeEnd: "t0", start: now + 3)
                try await fixture.put("t/1", "skipped")
                try await fixture.put("t/2", "skipped")
                let puts = ["t/a", "t/b"].map { RequestOp.put(PutRequest(key: Array($0.utf8), value: Array("txn".utf8))) }
                let txn = try await fixture.member.propose(.txn(TxnRequest(success: puts)))
                let response = try await stream.responses.next()
                #expect(response.header.revision == txn.revision && txn.revision == now + 3)
                #expect(response.events.map(\.keyString) == ["t/a", "t/b"])
                #expect(response.events.allSatisfy { $0.kv.modRevision == txn.revision })
            }
        }
    }
}
