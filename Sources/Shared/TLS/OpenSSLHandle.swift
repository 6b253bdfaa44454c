/// Owns one OpenSSL object and frees it exactly once, so that no error path leaks it.
/// The pointer is only lent out inside `withPointer`, which keeps the owner alive for the call
/// (Swift may otherwise release a local right after its last use, before C is done with it).
final class OpenSSLHandle {
    private let pointer: OpaquePointer
    private let free: (OpaquePointer) -> Void

    init(owning pointer: OpaquePointer, free: @escaping (OpaquePointer) -> Void) {
        self.pointer = pointer
        self.free = free
    }

    /// Takes ownership of what an OpenSSL constructor returned; nil means it failed.
    convenience init(
        _ pointer: OpaquePointer?, failing context: @autoclosure () -> String, free: @escaping (OpaquePointer) -> Void
    ) throws {
        guard let pointer else { throw TLSError.openSSL(context()) }
        self.init(owning: pointer, free: free)
    }

    deinit {
        free(pointer)
    }

    func withPointer<Result>(_ body: (OpaquePointer) throws -> Result) rethrows -> Result {
        try body(pointer)
    }
}
