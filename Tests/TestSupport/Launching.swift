import Foundation

/// Foundation's `Process.run` can crash (in a copy of its arguments) when threads launch at
/// once, and the test targets run side by side in one process: every launch in every test
/// target takes its turn through this one lock. The processes still run side by side.
private let launchLock = NSLock()

public func launching<Result>(_ body: () throws -> Result) rethrows -> Result {
    try launchLock.withLock(body)
}
