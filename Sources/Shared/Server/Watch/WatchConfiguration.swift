/// The watch service's bounds and timers.
public struct WatchConfiguration: Sendable {
    /// How long a `progress_notify` watcher may stay silent before it gets an empty response
    /// (etcd: 10 minutes).
    public var progressNotifyInterval: Duration = .seconds(600)
    /// Events a live watcher may hold unsent before it falls back to reading history, so a
    /// slow client never holds up the member nor grows memory without bound.
    public var bufferedEventsMax = 1_000
    /// Events read from history per catch-up step (soft: a revision is never split), so one
    /// watcher far behind takes turns with the others on its stream.
    public var catchUpEventsMax = 1_000

    public init() {}
}
