/// The watchers of one gRPC watch stream and what it owes its client.
struct WatchStreamState: Sendable {
    var watchers: [Int64: Watcher] = [:]
    /// etcd's auto ids count up from 0, skipping ids the client chose.
    var nextAutoID: Int64 = 0
    /// Create and cancel answers, in request order; they go out before any event.
    var control: [WatchWork] = []
    /// Progress requests not answered yet; each gets its own answer, as in etcd.
    var progressRequests = 0
    /// A progress-notify period ended.
    var tickDue = false

    mutating func assignID(_ requested: Int64) -> Int64? {
        guard requested == 0 else { return watchers[requested] == nil ? requested : nil }
        var skipped = 0
        while watchers[nextAutoID] != nil {
            nextAutoID += 1
            skipped += 1
            precondition(skipped <= watchers.count, "auto watch id search outran the \(watchers.count) watchers")
        }
        defer { nextAutoID += 1 }
        return nextAutoID
    }
}
