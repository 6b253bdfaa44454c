import CCrypto

/// A failure with one line a person can act on. OpenSSL's reasons are appended when there are
/// some, because its queue often names exactly what was wrong with the input.
public struct TLSError: Error, CustomStringConvertible, Equatable, Sendable {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }

    /// Drains OpenSSL's per-thread error queue into one error, so that a stale entry never
    /// surfaces in a later, unrelated failure.
    static func openSSL(_ context: String) -> TLSError {
        let reasons = drainErrorQueue()
        return TLSError(reasons.isEmpty ? context : "\(context): \(reasons.joined(separator: "; "))")
    }

    private static func drainErrorQueue() -> [String] {
        let reasonsMax = 4
        var reasons: [String] = []
        for _ in 0..<64 {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            if reasons.count < reasonsMax {
                reasons.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
            }
        }
        ERR_clear_error()
        return reasons
    }
}
