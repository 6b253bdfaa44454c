import CSystemd
import Dispatch
import Synchronization

/// Readiness and liveness for systemd's `Type=notify` units. Without `NOTIFY_SOCKET` every
/// call does nothing, so kvd runs the same outside systemd.
///
/// `sd_notify` blocks while the socket's queue is full (systemd busy, or a reader that does
/// not read; Linux queues only `net.unix.max_dgram_qlen` datagrams). Messages therefore go
/// out from a queue of their own, never from a thread of Swift's cooperative pool, whose few
/// threads would block the whole member; and a periodic message still waiting there is
/// replaced by the next of its kind rather than queued behind it.
final class SystemdNotifier: Sendable {
    private let queue = DispatchQueue(label: "kvd.systemd-notify")
    /// Periodic messages not yet sent, by kind (`STATUS`, `WATCHDOG`).
    private let waiting = Mutex<[Substring: String]>([:])

    /// A message that must arrive (`READY=1`, `STOPPING=1`), in order.
    func notify(_ state: String) {
        queue.async { _ = sd_notify(0, state) }
    }

    /// A periodic message: only the newest of its kind is sent.
    func update(_ state: String) {
        let kind = state.prefix { $0 != "=" }
        let alreadyQueued = waiting.withLock { waiting in waiting.updateValue(state, forKey: kind) != nil }
        guard !alreadyQueued else { return }
        queue.async { [self] in
            if let newest = waiting.withLock({ $0.removeValue(forKey: kind) }) { _ = sd_notify(0, newest) }
        }
    }

    /// Waits, at most `timeout`, for what was queued to go out (before the process exits).
    func flush(timeout: Duration) {
        let sent = DispatchSemaphore(value: 0)
        queue.async { sent.signal() }
        let (seconds, attoseconds) = timeout.components
        _ = sent.wait(timeout: .now() + .nanoseconds(Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)))
    }

    /// Half the watchdog interval systemd asked for, or nil when it asked for none.
    var watchdogInterval: Duration? {
        var usec: UInt64 = 0
        guard sd_watchdog_enabled(0, &usec) > 0, usec > 0 else { return nil }
        return .microseconds(Int64(usec / 2))
    }
}
