import API
import Foundation

/// One watch as the command line (or an interactive `watch …` line) describes it: what to
/// watch, from which revision, and the command to run on each event.
struct WatchSpec: Sendable, Equatable {
    var request: Etcdserverpb_WatchCreateRequest
    var command: [String]

    static let emptyCommand = KvctlError.badArguments("bad number of arguments (found separator --, but no commands)")

    /// etcdctl's rules: the key comes from the arguments or else from `ETCDCTL_WATCH_KEY`
    /// (and `ETCDCTL_WATCH_RANGE_END`; `KVCTL_` names first), never from both; everything
    /// after `--` is the command, which must not be empty when `--` is there.
    static func make(arguments: [String], command: [String], separatorGiven: Bool, prefix: Bool, revision: Int64,
                     prevKV: Bool, environment: [String: String]) throws(KvctlError) -> WatchSpec {
        if separatorGiven && command.isEmpty { throw emptyCommand }
        let lookup = EnvironmentLookup(environment)
        var positional = arguments
        if let key = lookup.value(for: "watch-key") {
            guard positional.isEmpty else { throw .badArguments("bad number of arguments (found conflicting environment key)") }
            positional = [key] + [lookup.value(for: "watch-range-end")].compactMap { $0 }
        } else if let rangeEnd = lookup.source(for: "watch-range-end") {
            let keyName = rangeEnd.hasPrefix("KVCTL_") ? "KVCTL_WATCH_KEY" : "ETCDCTL_WATCH_KEY"
            throw .badArguments("\(keyName) is empty but got \(rangeEnd)=\(GoText.quote(Array((environment[rangeEnd] ?? "").utf8)))")
        }
        guard (1...2).contains(positional.count) else { throw .badArguments("bad number of arguments") }
        if prefix && positional.count == 2 { throw .badArguments("`range_end` and `--prefix` are mutually exclusive") }
        var request = Etcdserverpb_WatchCreateRequest()
        (request.key, request.rangeEnd) = try KeyArguments.range(key: positional[0], rangeEnd: positional.count == 2 ? positional[1] : nil,
                                                                 prefix: prefix, fromKey: false, command: "watch")
        request.startRevision = revision
        request.prevKv = prevKV
        return WatchSpec(request: request, command: command)
    }

    /// The environment etcdctl gives the command for one event: Go-quoted (`%q`) type, key
    /// and value, and the response's revision.
    static func eventEnvironment(_ event: Mvccpb_Event, revision: Int64) -> [String: String] {
        [
            "ETCD_WATCH_REVISION": String(revision),
            "ETCD_WATCH_EVENT_TYPE": GoText.quote(Array(Printer.typeName(event.type).utf8)),
            "ETCD_WATCH_KEY": GoText.quote(event.kv.key),
            "ETCD_WATCH_VALUE": GoText.quote(event.kv.value),
        ]
    }
}
