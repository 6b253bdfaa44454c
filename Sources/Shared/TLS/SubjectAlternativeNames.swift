/// The DNS names and IP addresses a certificate is valid for. Go's TLS (etcd, etcdctl) looks
/// only here, never at the common name, so servers and peers need at least one.
public struct SubjectAlternativeNames: Equatable, Sendable {
    public private(set) var dnsNames: [String]
    public private(set) var ipAddresses: [IPAddress]

    public init(dnsNames: [String] = [], ipAddresses: [IPAddress] = []) throws {
        for name in dnsNames where !DNSName.isValid(name, allowingWildcard: true) {
            throw TLSError("bad DNS name '\(name)'")
        }
        self.dnsNames = Self.unique(dnsNames)
        self.ipAddresses = Self.unique(ipAddresses)
    }

    /// Parses command-line text, naming the value that is not an address or a host name.
    public init(ipTexts: [String], dnsNames: [String]) throws {
        let addresses = try ipTexts.map { text in
            guard let address = IPAddress(text) else { throw TLSError("bad IP address '\(text)'") }
            return address
        }
        try self.init(dnsNames: dnsNames, ipAddresses: addresses)
    }

    public var isEmpty: Bool {
        dnsNames.isEmpty && ipAddresses.isEmpty
    }

    /// Both sets of names, in order of first appearance, each once.
    public func merging(_ other: SubjectAlternativeNames) -> SubjectAlternativeNames {
        var merged = self
        merged.dnsNames = Self.unique(dnsNames + other.dnsNames)
        merged.ipAddresses = Self.unique(ipAddresses + other.ipAddresses)
        return merged
    }

    /// The names in OpenSSL's configuration syntax. Safe to splice: every name was validated
    /// or printed by inet_ntop, so none holds a comma that could smuggle in another entry.
    var openSSLValue: String {
        (dnsNames.map { "DNS:\($0)" } + ipAddresses.map { "IP:\($0)" }).joined(separator: ",")
    }

    private static func unique<Element: Hashable>(_ elements: [Element]) -> [Element] {
        var seen = Set<Element>()
        return elements.filter { seen.insert($0).inserted }
    }
}

extension SubjectAlternativeNames {
    /// The names of URL hosts: IP addresses as iPAddress entries, the rest as dNSName ones.
    public init(hosts: [PeerURL.Host]) throws {
        var dnsNames: [String] = []
        var ipAddresses: [IPAddress] = []
        for host in hosts {
            switch host {
            case .ip(let address): ipAddresses.append(address)
            case .dns(let name): dnsNames.append(name)
            }
        }
        try self.init(dnsNames: dnsNames, ipAddresses: ipAddresses)
    }
}
