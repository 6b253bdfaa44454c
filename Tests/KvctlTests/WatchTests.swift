import API
import Foundation
import Testing
@testable import kvctl

@Suite struct WatchTests {
    private func spec(_ arguments: [String], command: [String] = [], separator: Bool = false, prefix: Bool = false,
                      environment: [String: String] = [:]) throws(KvctlError) -> WatchSpec {
        try WatchSpec.make(arguments: arguments, command: command, separatorGiven: separator, prefix: prefix, revision: 0,
                           prevKV: false, environment: environment)
    }

    @Test func takesTheKeyFromArgumentsOrTheEnvironmentAsEtcdctl() throws {
        #expect(try spec(["a", "c"]).request.rangeEnd == Data("c".utf8))
        #expect(try spec(["a"], prefix: true).request.rangeEnd == Data("b".utf8))
        let fromEnvironment = try spec([], environment: ["ETCDCTL_WATCH_KEY": "k", "ETCDCTL_WATCH_RANGE_END": "m"])
        #expect(fromEnvironment.request.key == Data("k".utf8) && fromEnvironment.request.rangeEnd == Data("m".utf8))
        #expect(try spec([], environment: ["KVCTL_WATCH_KEY": "x", "ETCDCTL_WATCH_KEY": "y"]).request.key == Data("x".utf8))
        #expect(try spec(["k"], command: ["echo", "hi"], separator: true).command == ["echo", "hi"])

        #expect(throws: KvctlError.badArguments("bad number of arguments")) { try spec([]) }
        #expect(throws: WatchSpec.emptyCommand) { try spec(["k"], separator: true) }
        #expect(throws: KvctlError.badArguments("`range_end` and `--prefix` are mutually exclusive")) { try spec(["a", "b"], prefix: true) }
        #expect(throws: KvctlError.badArguments("bad number of arguments (found conflicting environment key)")) {
            try spec(["k"], environment: ["ETCDCTL_WATCH_KEY": "k"])
        }
        #expect(throws: KvctlError.badArguments(#"ETCDCTL_WATCH_KEY is empty but got ETCDCTL_WATCH_RANGE_END="z""#)) {
            try spec([], environment: ["ETCDCTL_WATCH_RANGE_END": "z"])
        }
    }

    @Test func givesTheCommandTheEventGoQuoted() {
        var event = Mvccpb_Event()
        event.type = .put
        event.kv.key = Data("k\t1".utf8)
        event.kv.value = Data([0x61, 0x22, 0xFF])
        #expect(WatchSpec.eventEnvironment(event, revision: 7) == [
            "ETCD_WATCH_REVISION": "7", "ETCD_WATCH_EVENT_TYPE": "\"PUT\"",
            "ETCD_WATCH_KEY": #""k\t1""#, "ETCD_WATCH_VALUE": #""a\"\xff""#,
        ])
    }

    @Test func readsInteractiveLinesAsEtcdctl() throws {
        let watch = InteractiveWatchInput.parse("watch a --prefix -- printenv ETCD_WATCH_KEY", environment: [:])
        guard case let .watch(spec) = watch else { Issue.record("not a watch: \(watch)"); return }
        #expect(spec.request.rangeEnd == Data("b".utf8) && spec.command == ["printenv", "ETCD_WATCH_KEY"])
        #expect(InteractiveWatchInput.parse("watch", environment: [:]) == .invalid("command type or key is not provided"))
        #expect(InteractiveWatchInput.parse("put a b", environment: [:]) == .invalid("only support watch"))
        #expect(InteractiveWatchInput.parse("watch --prefix a b", environment: [:])
            == .invalid("`range_end` and `--prefix` are mutually exclusive"))
        #expect(InteractiveWatchInput.parse("watch a --", environment: [:]) == .fatal(WatchSpec.emptyCommand))
        guard case let .fatal(error) = InteractiveWatchInput.parse("watch --bogus a", environment: [:]) else {
            Issue.record("an unknown flag was accepted")
            return
        }
        #expect(error.status == .badArguments)
    }

    /// A stream that breaks resumes each watch after the last revision it reported (or the
    /// revision it was created at), and maps answers to watches by the order of creation.
    @Test func resumesEachWatchAfterWhatItReported() throws {
        let session = WatchSession()
        let (_, wake) = AsyncStream<Void>.makeStream()
        session.add(try spec(["a"], command: ["one"], separator: true))
        var fromThree = try spec(["b"])
        fromThree.request.startRevision = 3
        session.add(fromThree)
        session.beginStream(wake: wake)
        #expect(session.unsentRequests().map(\.createRequest.startRevision) == [0, 3])
        #expect(session.unsentRequests().isEmpty)

        #expect(session.received(Self.response(watch: 10, created: true, revision: 20)) == ["one"])
        #expect(session.received(Self.response(watch: 11, created: true, revision: 20)) == [])
        #expect(session.received(Self.response(watch: 11, revision: 20, eventRevisions: [4, 5])) == [])

        session.beginStream(wake: wake)
        #expect(session.unsentRequests().map(\.createRequest.startRevision) == [21, 6])
        #expect(session.received(Self.response(watch: 0, created: true, revision: 30)) == ["one"])
    }

    static func response(watch id: Int64, created: Bool = false, revision: Int64, eventRevisions: [Int64] = []) -> Etcdserverpb_WatchResponse {
        var response = Etcdserverpb_WatchResponse()
        response.watchID = id
        response.created = created
        response.header.revision = revision
        response.events = eventRevisions.map { at in
            var event = Mvccpb_Event()
            event.kv.modRevision = at
            return event
        }
        return response
    }

    @Test func findsTheCommandAsExecLookPath() {
        #expect(EventCommand.locate("sh", path: "/nonexistent:/bin:/usr/bin") == "/bin/sh")
        #expect(EventCommand.locate("/bin/sh", path: "") == "/bin/sh")
        #expect(EventCommand.locate("no-such-program-here", path: "/bin:/usr/bin") == nil)
        #expect(EventCommand.locate("bin", path: "/") == nil, "a directory is not a program")
    }

    @Test func cancelReasonsAreWordedAsEtcdsClient() {
        #expect(Watch.cancelError(.with { $0.canceled = true; $0.compactRevision = 4; $0.cancelReason = "ignored" })
                    == "etcdserver: mvcc: required revision has been compacted")
        #expect(Watch.cancelError(.with { $0.canceled = true; $0.cancelReason = "etcdserver: permission denied" })
                    == "etcdserver: permission denied")
        #expect(Watch.cancelError(.with { $0.canceled = true }) == "etcdserver: mvcc: required revision is a future revision")
    }
}
