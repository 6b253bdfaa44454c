import Foundation
import MVCC

/// A member's name and client URLs, published through the log each time it starts (as etcd
/// publishes its attributes), so every member's MemberList shows every member's client URLs.
///
///     byte 0      envelope format (0xA2)
///     bytes 1...  JSON: {"id": <member id>, "name": "...", "client_urls": ["..."]}
public struct MemberAttributes: Codable, Sendable, Equatable {
    public static let envelopeFormat: UInt8 = 0xA2

    public var id: UInt64
    public var name: String
    public var clientURLs: [String]

    enum CodingKeys: String, CodingKey {
        case id
        case name
        case clientURLs = "client_urls"
    }

    public init(id: UInt64, name: String, clientURLs: [String]) {
        self.id = id
        self.name = name
        self.clientURLs = clientURLs
    }

    public func encoded() -> [UInt8] {
        guard let json = try? JSONEncoder().encode(self) else { preconditionFailure("member attributes always encode") }
        return [Self.envelopeFormat] + Array(json)
    }

    public init(decoding bytes: [UInt8]) throws(RequestDecodingError) {
        guard bytes.first == Self.envelopeFormat else {
            throw RequestDecodingError(offsetBytes: 0, reason: "not a member attributes entry")
        }
        do {
            self = try JSONDecoder().decode(Self.self, from: Data(bytes.dropFirst()))
        } catch {
            throw RequestDecodingError(offsetBytes: 1, reason: "member attributes: \(error)")
        }
    }
}
