import Dispatch
import Foundation
import Member
import Logging
import Raft
import Server

/// The life of the kvd process around its node: start, readiness and status for systemd,
/// graceful stop on SIGTERM or SIGINT.
struct MemberProcess {
    let configuration: NodeConfiguration
    let logger: Logger

    func run() async throws {
        let node = try await KvdNode(configuration: configuration)
        let id = node.member.id
        logger.info("starting member", metadata: [
            "name": "\(configuration.name)", "member-id": "\(hexID(id))", "cluster-id": "\(hexID(node.cluster.clusterID))",
            "data-dir": "\(configuration.dataDirectory)",
        ])
        for warning in node.member.startupWarnings { logger.warning("\(warning)") }
        let notifier = SystemdNotifier()
        let signals = installSignalHandlers { signal in
            logger.info("received \(signal), shutting down")
            notifier.notify("STOPPING=1")
            node.shutdown()
        }
        defer { signals.forEach { $0.cancel() } }
        let statusTask = Task { await reportStatus(node: node, notifier: notifier) }
        defer { statusTask.cancel() }
        try await node.run {
            notifier.notify("READY=1")
            logger.info("ready to serve client requests", metadata: [
                "client-urls": "\(configuration.listenClientURLs.map(\.description).joined(separator: ","))",
            ])
        }
        if await node.member.removedFromCluster {
            logger.error("the member has been permanently removed from the cluster; the data-dir used by this member must be removed")
        }
        logger.info("stopped")
        notifier.flush(timeout: .seconds(1))
    }

    /// `STATUS=` with the role, term and leader whenever they change (looked at every second),
    /// and `WATCHDOG=1` at half the interval systemd asked for. Both come from a loop that asks
    /// the member for its state, so a member that stops answering stops feeding the watchdog.
    private func reportStatus(node: KvdNode, notifier: SystemdNotifier) async {
        let watchdog = notifier.watchdogInterval
        var reported = ""
        while !Task.isCancelled {
            let status = await node.member.status
            let text = "STATUS=\(status.softState.role) term=\(status.hardState.term) leader=\(hexID(status.softState.lead))"
            if text != reported {
                notifier.update(text)
                reported = text
            }
            if watchdog != nil { notifier.update("WATCHDOG=1") }
            try? await Task.sleep(for: min(watchdog ?? .seconds(1), .seconds(1)))
        }
    }

    private func installSignalHandlers(_ handler: @escaping @Sendable (String) -> Void) -> [any DispatchSourceSignal] {
        [(SIGTERM, "SIGTERM"), (SIGINT, "SIGINT")].map { number, name in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { handler(name) }
            source.resume()
            return source
        }
    }
}
