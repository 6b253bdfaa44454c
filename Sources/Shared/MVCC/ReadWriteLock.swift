#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Many shared holders or one exclusive one (a pthread rwlock).
final class ReadWriteLock: @unchecked Sendable {
    private let lock: UnsafeMutablePointer<pthread_rwlock_t>

    init() {
        lock = .allocate(capacity: 1)
        lock.initialize(to: pthread_rwlock_t())
        let code = pthread_rwlock_init(lock, nil)
        precondition(code == 0, "pthread_rwlock_init failed: \(code)")
    }

    deinit {
        pthread_rwlock_destroy(lock)
        lock.deallocate()
    }

    func withShared<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let code = pthread_rwlock_rdlock(lock)
        precondition(code == 0, "pthread_rwlock_rdlock failed: \(code)")
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }

    func withExclusive<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        let code = pthread_rwlock_wrlock(lock)
        precondition(code == 0, "pthread_rwlock_wrlock failed: \(code)")
        defer { pthread_rwlock_unlock(lock) }
        return try body()
    }
}
