import MVCC

/// What kvd puts in a normal Raft log entry, told apart by its first byte: the member and the
/// WAL inspector read entries through this one decoder, so they never disagree.
public enum LogEntryPayload: Sendable, Equatable {
    /// An empty entry: a new leader's first entry of its term.
    case noOp
    case proposed(ProposedRequest)
    case memberAttributes(MemberAttributes)
    /// A bare `Request.encoded()` (written by tools and tests, not by kvd).
    case request(Request)

    public init(decoding data: [UInt8]) throws(RequestDecodingError) {
        switch data.first {
        case nil: self = .noOp
        case ProposedRequest.envelopeFormat?: self = .proposed(try ProposedRequest(decoding: data))
        case MemberAttributes.envelopeFormat?: self = .memberAttributes(try MemberAttributes(decoding: data))
        default: self = .request(try Request(decoding: data))
        }
    }
}
