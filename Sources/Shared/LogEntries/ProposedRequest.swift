import MVCC

/// A request as it travels through the replicated log: which member proposed it and that
/// member's sequence number, so the proposer can answer its waiting client once the entry
/// applies. The store itself only ever sees `request`.
///
///     byte 0        envelope format (0xA1), distinct from a bare request's version byte
///     bytes 1-8     proposer member id, little-endian
///     bytes 9-16    proposer's sequence number, little-endian
///     bytes 17...   `Request.encoded()`
public struct ProposedRequest: Sendable, Equatable {
    public static let envelopeFormat: UInt8 = 0xA1
    static let headerBytes = 17

    public var proposer: UInt64
    public var sequence: UInt64
    public var request: Request

    public init(proposer: UInt64, sequence: UInt64, request: Request) {
        self.proposer = proposer
        self.sequence = sequence
        self.request = request
    }

    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = [Self.envelopeFormat]
        withUnsafeBytes(of: proposer.littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: sequence.littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: request.encoded())
        return bytes
    }

    public init(decoding bytes: [UInt8]) throws(RequestDecodingError) {
        guard let origin = Self.origin(of: bytes) else {
            throw RequestDecodingError(offsetBytes: 0, reason: "not a proposed request envelope")
        }
        (proposer, sequence) = origin
        do {
            request = try Request(decoding: Array(bytes[Self.headerBytes...]))
        } catch {
            throw RequestDecodingError(offsetBytes: error.offsetBytes + Self.headerBytes, reason: error.reason)
        }
    }
}

extension ProposedRequest {
    /// Who proposed an entry and with which sequence number, read from the envelope alone
    /// (the request is not decoded): nil for data that is not a proposed request.
    public static func origin(of bytes: [UInt8]) -> (proposer: UInt64, sequence: UInt64)? {
        guard bytes.count > headerBytes, bytes[0] == envelopeFormat else { return nil }
        func word(at offset: Int) -> UInt64 {
            (0..<8).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * $1) }
        }
        return (word(at: 1), word(at: 9))
    }
}
