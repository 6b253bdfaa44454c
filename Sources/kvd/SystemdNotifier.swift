import CSystemd

/// Readiness and liveness for systemd's `Type=notify` units. Without `NOTIFY_SOCKET` every
/// call does nothing, so kvd runs the same outside systemd.
struct SystemdNotifier: Sendable {
    func notify(_ state: String) {
        _ = sd_notify(0, state)
    }

    /// Half the watchdog interval systemd asked for, or nil when it asked for none.
    var watchdogInterval: Duration? {
        var usec: UInt64 = 0
        guard sd_watchdog_enabled(0, &usec) > 0, usec > 0 else { return nil }
        return .microseconds(Int64(usec / 2))
    }
}
