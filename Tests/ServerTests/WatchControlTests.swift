import API
import Foundation
import MVCC
import Testing
@testable import Server

/// Creating, cancelling and asking for progress on a watch stream, as etcd answers them.
@Suite struct WatchControlTests {
    @Test func watchIDsAreTheClientsOrCountedUpAndNeverShared() async throws {
        try await withCluster([1]) { cluster in
            let fixture = try await WatchFixture(try await cluster.leader())
            try await fixture.withStream { stream in
                #expect(try await stream.create("a", id: 1).watchID == 1)
                #expect(try await stream.create("a").watchID == 0)
                #expect(try await stream.create("a").watchID == 2)
                let duplicate = try await stream.create("a", id: 2)
                #expect(duplicate.created && duplicate.canceled && duplicate.watchID == -1)
                #expect(duplicate.cancelReason == "mvcc: duplicate watch ID provided on the WatchStream")
                try await fixture.put("a", "v")
                #expect(Set(try await stream.events(3).map(\.watchID)) == [0, 1, 2])
            }
        }
    }

    @Test func anEmptyRangeIsRefused() async throws {
        try await withCluster([1]) { cluster in
            let fixture = try await WatchFixture(try await cluster.leader())
            try await fixture.withStream { stream in
                let refused = try await stream.create("b", rangeEnd: "a")
                #expect(refused.created && refused.canceled && refused.watchID == -1)
                #expect(refused.cancelReason == "mvcc: watcher range is empty")
                // An empty key watches "\0" alone, as in etcd: nothing else shows up.
                #expect(try await stream.create("").watchID == 0)
                try await fixture.put("a", "v")
                #expect(try await stream.responses.drain(for: .milliseconds(100)).isEmpty)
            }
        }
    }

    @Test func aCancelledWatcherIsAnsweredAndHearsNoMore() async throws {
        try await withCluster([1]) { cluster in
            let fixture = try await WatchFixture(try await cluster.leader())
            try await fixture.withStream { stream in
                try await stream.create("k")
                stream.cancel(0)
                let canceled = try await stream.responses.next()
                #expect(canceled.canceled && canceled.watchID == 0 && !canceled.created)
                stream.cancel(42)  // unknown: no answer, as in etcd
                try await stream.create("k")
                try await fixture.put("k", "v")
                let events = try await stream.events(1)
                #expect(events.map(\.watchID) == [1])
                #expect(try await stream.responses.drain(for: .milliseconds(100)).isEmpty)
            }
        }
    }

    @Test func aCompactedStartRevisionCancelsWithTheCompactedRevision() async throws {
        try await withCluster([1]) { cluster in
            let fixture = try await WatchFixture(try await cluster.leader())
            for i in 0..<5 { try await fixture.put("k", "\(i)") }
            let compacted = try await fixture.put("k", "5")
            _ = try await fixture.member.propose(.compact(revision: compacted))
            try await fixture.withStream { stream in
                let created = try await stream.create("k", start: 2)
                #expect(created.created && !created.canceled)
                let canceled = try await stream.responses.next()
                #expect(canceled.canceled && canceled.watchID == created.watchID)
                #expect(canceled.compactRevision == compacted)
                // After the compacted revision, history is still there.
                try await stream.create("k", start: compacted + 1)
                try await fixture.put("k", "after")
                #expect(try await stream.events(1).map(\.event.valueString) == ["after"])
            }
        }
    }

    @Test func aProgressRequestReportsTheRevision() async throws {
        try await withCluster([1]) { cluster in
            let fixture = try await WatchFixture(try await cluster.leader())
            try await fixture.withStream { stream in
                try await stream.create("k")
                let revision = try await fixture.put("elsewhere", "v")
                stream.requestProgress()
                let progress = try await stream.responses.next()
                #expect(progress.watchID == -1 && progress.events.isEmpty && !progress.created && !progress.canceled)
                #expect(progress.header.revision == revision)
            }
        }
    }

    @Test func aQuietProgressNotifyWatcherHearsTheRevision() async throws {
        try await withCluster([1]) { cluster in
            var configuration = WatchConfiguration()
            configuration.progressNotifyInterval = .milliseconds(50)
            let fixture = try await WatchFixture(try await cluster.leader(), configuration: configuration)
            try await fixture.withStream { stream in
                let revision = try await fixture.put("elsewhere", "v")
                // The quiet watcher without progress notify comes first: a notification for the
                // other could otherwise arrive before this one's created response.
                try await stream.create("j")
                try await stream.create("k", progressNotify: true)
                let notification = try await stream.responses.next(within: .seconds(2))
                #expect(notification.watchID == 1 && notification.events.isEmpty)
                #expect(notification.header.revision == revision)
            }
        }
    }
}
