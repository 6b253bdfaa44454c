import Foundation

/// One server address as etcdctl takes it: `host:port`, `http://host:port` or
/// `https://host:port`. The scheme, when given, decides between plaintext and TLS.
public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
    public enum Scheme: String, Sendable {
        case http
        case https
    }

    public var host: String
    public var port: Int
    /// `nil` when the endpoint was written without a scheme: TLS then follows the TLS flags.
    public var scheme: Scheme?

    public init(host: String, port: Int, scheme: Scheme? = nil) {
        precondition(!host.isEmpty && (1...65535).contains(port), "endpoint \(host):\(port) is not an address")
        self.host = host
        self.port = port
        self.scheme = scheme
    }

    /// Parses one endpoint; the error names what is wrong with it.
    public init(parsing text: String) throws(ClientError) {
        var rest = Substring(text)
        var scheme: Scheme?
        if let range = rest.range(of: "://") {
            guard let parsed = Scheme(rawValue: String(rest[..<range.lowerBound]).lowercased()) else {
                throw .invalidEndpoint(text, "unsupported scheme (use http or https)")
            }
            scheme = parsed
            rest = rest[range.upperBound...]
        }
        if let slash = rest.firstIndex(of: "/") {
            guard rest[slash...].allSatisfy({ $0 == "/" }) else { throw .invalidEndpoint(text, "a path is not allowed") }
            rest = rest[..<slash]
        }
        let host: Substring
        let portText: Substring
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            host = rest[rest.index(after: rest.startIndex)..<close]
            let afterHost = rest[rest.index(after: close)...]
            guard afterHost.hasPrefix(":") else { throw .invalidEndpoint(text, "missing port") }
            portText = afterHost.dropFirst()
        } else {
            guard let colon = rest.lastIndex(of: ":") else { throw .invalidEndpoint(text, "missing port") }
            host = rest[..<colon]
            portText = rest[rest.index(after: colon)...]
        }
        guard !host.isEmpty else { throw .invalidEndpoint(text, "missing host") }
        guard let port = Int(portText), (1...65535).contains(port) else {
            throw .invalidEndpoint(text, "invalid port \"\(portText)\"")
        }
        self.init(host: String(host), port: port, scheme: scheme)
    }

    /// `host:port`, as etcdctl names an endpoint in its output.
    public var address: String {
        host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)"
    }

    public enum AddressFamily: Sendable {
        case ipv4
        case ipv6
    }

    /// The family of an IP-literal host; nil for a name to resolve.
    public var addressFamily: AddressFamily? {
        var storage = in6_addr()
        if inet_pton(AF_INET, host, &storage) == 1 { return .ipv4 }
        if inet_pton(AF_INET6, host, &storage) == 1 { return .ipv6 }
        return nil
    }

    public var description: String {
        scheme.map { "\($0.rawValue)://\(address)" } ?? address
    }

    /// Parses a comma-separated list, dropping empty items; at least one is required.
    public static func list(parsing text: String) throws(ClientError) -> [Endpoint] {
        let items = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !items.isEmpty else { throw .invalidEndpoint(text, "no endpoint given") }
        var endpoints: [Endpoint] = []
        for item in items { endpoints.append(try Endpoint(parsing: item)) }
        return endpoints
    }
}
