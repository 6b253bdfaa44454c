import API
import ArgumentParser
import Client
import Foundation
import MVCC

struct Watch: KvctlCommand {
    static let configuration = CommandConfiguration(
        abstract: "Watches events stream on keys or prefixes.",
        discussion: """
        Every event is printed and flushed as it arrives. The key may also come from \
        ETCDCTL_WATCH_KEY (and ETCDCTL_WATCH_RANGE_END). With -- COMMAND, the command runs after \
        each event with ETCD_WATCH_REVISION, and Go-quoted ETCD_WATCH_EVENT_TYPE, ETCD_WATCH_KEY \
        and ETCD_WATCH_VALUE in its environment, as etcdctl sets them. With -i, each stdin line \
        `watch <key> [range_end] [flags] [-- COMMAND]` starts one more watch on the same stream; \
        the end of stdin ends kvctl (status 3), as it ends etcdctl. A stream that breaks resumes \
        on the next endpoint after the last revision printed.
        """)

    @OptionGroup var global: GlobalOptions
    @Flag(name: .shortAndLong, help: "Interactive mode.") var interactive = false
    @Flag(help: "Watch on a prefix if prefix is set.") var prefix = false
    @Option(help: "Revision to start watching.") var rev: Int64 = 0
    @Flag(name: .customLong("prev-kv"), help: "get the previous key-value pair before the event happens.") var prevKV = false
    @Argument(help: "<key>") var key: String?
    @Argument(help: "[range_end]") var rangeEnd: String?
    @Argument(parsing: .postTerminator, help: "A command to run on each event.") var command: [String] = []

    func spec(separatorGiven: Bool, environment: [String: String]) throws(KvctlError) -> WatchSpec {
        try WatchSpec.make(arguments: [key, rangeEnd].compactMap { $0 }, command: command, separatorGiven: separatorGiven, prefix: prefix,
                           revision: rev, prevKV: prevKV, environment: environment)
    }

    func execute(_ settings: Settings) async throws {
        let session = WatchSession()
        let interactive = self.interactive
        if !interactive {
            session.add(try spec(separatorGiven: CommandLine.arguments.last == "--", environment: ProcessInfo.processInfo.environment))
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await Self.stream(session, settings: settings, interactive: interactive) }
            if interactive {
                let ended = InteractiveWatchInput.start(into: session)
                group.addTask { for await error in ended { throw error } }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Runs the session's watches on one stream at a time, resuming on the next endpoint
    /// each time a stream breaks; a watch the server cancels ends kvctl with status 5.
    private static func stream(_ session: WatchSession, settings: Settings, interactive: Bool) async throws {
        let printer = settings.printer
        try await settings.client.withResumingConnection { connection, progress in
            let (wakeups, wake) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
            session.beginStream(wake: wake)
            try await connection.watch.watch(metadata: connection.metadata, options: connection.streamOptions) { writer in
                try await writer.write(contentsOf: session.unsentRequests())
                if interactive {
                    for await _ in wakeups { try await writer.write(contentsOf: session.unsentRequests()) }
                } else {
                    // The request side stays open while the watch runs; the end of the call cancels this.
                    try await Task.sleep(for: .seconds(366 * 24 * 3600))
                }
            } onResponse: { response in
                for try await message in response.messages {
                    progress.mark()
                    let command = session.received(message)
                    if message.canceled {
                        StandardStreams.writeError(line: "watch was canceled (\(cancelError(message)))")
                        throw KvctlError(status: .interrupted, message: "watch is canceled by the server")
                    }
                    guard !message.events.isEmpty else { continue }
                    try StandardStreams.write(printer.watch(message))
                    guard !command.isEmpty else { continue }
                    for event in message.events {
                        try await EventCommand.run(command, extraEnvironment: WatchSpec.eventEnvironment(event, revision: message.header.revision))
                    }
                }
                throw KvctlError(status: .interrupted, message: "watch is canceled by the server")
            }
        }
    }

    /// Why the server canceled a watch, worded as etcd's Go client words it, which etcdctl
    /// prints: a compaction, the server's reason, or else a future start revision.
    static func cancelError(_ message: Etcdserverpb_WatchResponse) -> String {
        if message.compactRevision != 0 { return "etcdserver: \(MVCCError.compacted)" }
        if !message.cancelReason.isEmpty { return message.cancelReason }
        return "etcdserver: \(MVCCError.futureRevision)"
    }
}
