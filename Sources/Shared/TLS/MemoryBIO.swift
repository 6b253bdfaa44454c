import CCrypto

/// An in-memory OpenSSL BIO: how PEM text goes in and out of libcrypto without touching files.
final class MemoryBIO {
    private let handle: OpenSSLHandle

    init() throws {
        handle = try OpenSSLHandle(BIO_new(BIO_s_mem()), failing: "cannot allocate a memory BIO") { BIO_free_all($0) }
    }

    /// A BIO holding a copy of `bytes`, ready to be read by a PEM_read_bio_* call.
    convenience init(_ bytes: [UInt8]) throws {
        try self.init()
        let written = handle.withPointer { BIO_write($0, bytes, Int32(bytes.count)) }
        guard written == bytes.count else { throw TLSError.openSSL("cannot fill a memory BIO") }
    }

    func withPointer<Result>(_ body: (OpaquePointer) throws -> Result) rethrows -> Result {
        try handle.withPointer(body)
    }

    /// Everything written to the BIO so far, as text (PEM and OpenSSL's printers write ASCII).
    func text() -> String {
        handle.withPointer { bio in
            let pending = Int(BIO_ctrl_pending(bio))
            var bytes = [UInt8](repeating: 0, count: pending)
            let read = pending == 0 ? 0 : BIO_read(bio, &bytes, Int32(pending))
            return String(decoding: bytes.prefix(max(0, Int(read))), as: UTF8.self)
        }
    }
}
