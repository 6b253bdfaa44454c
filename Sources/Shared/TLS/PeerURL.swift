/// A member's peer or client URL as etcd accepts it: http or https, a host (IP address, IPv6
/// in brackets, or DNS name) and an explicit port, with no user, path, query or fragment.
public struct PeerURL: Hashable, Sendable, CustomStringConvertible {
    public enum Scheme: String, Sendable {
        case http
        case https
    }

    public enum Host: Hashable, Sendable, CustomStringConvertible {
        case ip(IPAddress)
        case dns(String)

        public var description: String {
            switch self {
            case .ip(let address): address.description
            case .dns(let name): name
            }
        }
    }

    public let scheme: Scheme
    public let host: Host
    public let port: Int

    public init(parsing text: String) throws {
        guard let separator = text.range(of: "://") else { throw TLSError("'\(text)' is not a URL (scheme://host:port)") }
        let schemeText = String(text[..<separator.lowerBound])
        guard let scheme = Scheme(rawValue: schemeText) else { throw TLSError("'\(text)': the scheme must be http or https") }
        var authority = text[separator.upperBound...]
        if authority.hasSuffix("/") { authority.removeLast() }
        guard !authority.contains(where: { "/?#@".contains($0) }) else {
            throw TLSError("'\(text)' must be scheme://host:port, with no path, query or user")
        }
        guard let colon = authority.lastIndex(of: ":"), let port = Int(authority[authority.index(after: colon)...]),
              (1...65_535).contains(port), authority[authority.index(after: colon)...].allSatisfy(\.isASCIIDigit)
        else { throw TLSError("'\(text)' needs a port from 1 to 65535") }
        self.scheme = scheme
        self.host = try Self.host(String(authority[..<colon]), in: text)
        self.port = port
    }

    private static func host(_ text: String, in url: String) throws -> Host {
        if text.hasPrefix("[") && text.hasSuffix("]") {
            let inner = String(text.dropFirst().dropLast())
            guard inner.contains(":"), let address = IPAddress(inner) else { throw TLSError("'\(url)': bad IPv6 address '\(inner)'") }
            return .ip(address)
        }
        if let address = IPAddress(text), !text.contains(":") {
            return .ip(address)
        }
        guard DNSName.isValid(text) else { throw TLSError("'\(url)': bad host '\(text)'") }
        return .dns(text)
    }

    public var description: String {
        switch host {
        case .ip(let address) where address.bytes.count == 16: "\(scheme.rawValue)://[\(address)]:\(port)"
        default: "\(scheme.rawValue)://\(host):\(port)"
        }
    }
}
