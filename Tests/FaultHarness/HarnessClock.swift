/// Nanoseconds since the campaign began, one clock for every client, watcher and fault, so
/// that invocation and completion times are comparable across them.
public struct HarnessClock: Sendable {
    private let origin = ContinuousClock.now

    public init() {}

    public var nanoseconds: UInt64 {
        let elapsed = ContinuousClock.now - origin
        let (seconds, attoseconds) = elapsed.components
        precondition(seconds >= 0, "the clock went backwards")
        return UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }
}
