/// Where lease deadlines are measured; tests substitute a clock they move by hand, so expiry
/// can be driven without waiting for it.
public protocol LeaseClock: Sendable {
    func now() -> ContinuousClock.Instant
}

/// The monotonic clock: lease deadlines must not jump with the wall clock.
public struct SystemLeaseClock: LeaseClock {
    public init() {}

    public func now() -> ContinuousClock.Instant { .now }
}
