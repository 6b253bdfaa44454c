import Foundation

/// When a certificate is valid.
public struct Validity: Equatable, Sendable {
    public let notBefore: Date
    public let notAfter: Date

    public static let validityDaysMax = 100 * 365
    /// How far a fresh certificate's start is moved back, so that a member whose clock runs a
    /// little behind the one that made it does not reject it as not yet valid.
    public static let clockSkewAllowanceSeconds: TimeInterval = 5 * 60

    public init(notBefore: Date, notAfter: Date) throws {
        guard notBefore < notAfter else { throw TLSError("a certificate must start before it ends") }
        self.notBefore = notBefore
        self.notAfter = notAfter
    }

    /// Valid from (a little before) `now` for `validityDays` days.
    public init(days validityDays: Int, from now: Date = Date()) throws {
        guard (1...Self.validityDaysMax).contains(validityDays) else {
            throw TLSError("validity must be 1 to \(Self.validityDaysMax) days, not \(validityDays)")
        }
        try self.init(
            notBefore: now.addingTimeInterval(-Self.clockSkewAllowanceSeconds),
            notAfter: now.addingTimeInterval(TimeInterval(validityDays) * 86_400)
        )
    }
}
