/// The `--initial-cluster` string kvd and etcd take: comma-separated `name=URL` pairs, where a
/// name given more than once collects several peer URLs. Parsed strictly, so that a typo
/// stops a member at start-up instead of making a cluster that never forms.
public struct InitialCluster: Equatable, Sendable {
    public struct Member: Equatable, Sendable {
        public let name: String
        /// In the order given.
        public internal(set) var peerURLs: [PeerURL]
    }

    /// In order of each name's first appearance.
    public let members: [Member]

    public init(parsing text: String) throws {
        var members: [Member] = []
        var seenURLs = Set<PeerURL>()
        for pair in text.split(separator: ",", omittingEmptySubsequences: false) {
            let (name, url) = try Self.split(pair)
            guard seenURLs.insert(url).inserted else { throw Self.error("\(url) appears more than once") }
            if let index = members.firstIndex(where: { $0.name == name }) {
                members[index].peerURLs.append(url)
            } else {
                members.append(Member(name: name, peerURLs: [url]))
            }
        }
        self.members = members
    }

    private static func split(_ pair: Substring) throws -> (name: String, url: PeerURL) {
        guard let equals = pair.firstIndex(of: "=") else { throw error("'\(pair)' is not name=URL") }
        let name = String(pair[..<equals])
        guard !name.isEmpty, name.allSatisfy({ !$0.isWhitespace }) else { throw error("'\(pair)' has no member name") }
        do {
            return (name, try PeerURL(parsing: String(pair[pair.index(after: equals)...])))
        } catch let failure as TLSError {
            throw error("member \(name): \(failure)")
        }
    }

    static func error(_ message: String) -> TLSError {
        TLSError("bad initial cluster: \(message)")
    }
}
