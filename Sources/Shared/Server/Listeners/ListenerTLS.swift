import Logging
import TLS

/// A member's TLS, resolved once at start: auto-TLS certificates made, every file checked,
/// and one reloading server context per side that serves https.
struct ListenerTLS: Sendable {
    /// Settings with auto-TLS files filled in, for dialling other members and the leader.
    let client: TLSSettings
    let peer: TLSSettings
    let clientContext: ReloadingTLSContext?
    let peerContext: ReloadingTLSContext?
    /// HTTP/1.1 over the client certificate, for https metrics URLs.
    let metricsContext: ReloadingTLSContext?

    private static let logger = Logger(label: "kvd.tls")

    init(_ configuration: NodeConfiguration) throws {
        let fixtures = "\(configuration.dataDirectory)/fixtures"
        client = try Self.resolve(configuration.clientTLS, directory: "\(fixtures)/client",
                                  urls: configuration.listenClientURLs, name: configuration.name)
        peer = try Self.resolve(configuration.peerTLS, directory: "\(fixtures)/peer",
                                urls: configuration.listenPeerURLs, name: configuration.name)
        let grpc = GRPCListener.applicationProtocols
        clientContext = try Self.context(client, serving: configuration.listenClientURLs, protocols: grpc)
        peerContext = try Self.context(peer, serving: configuration.listenPeerURLs, protocols: grpc)
        metricsContext = try Self.context(client, serving: configuration.listenMetricsURLs, protocols: ["http/1.1"])
    }

    /// Auto-TLS applies only when no certificate was named, as in etcd.
    private static func resolve(_ settings: TLSSettings, directory: String, urls: [PeerURL], name: String) throws -> TLSSettings {
        var settings = settings
        guard settings.autoTLS else { return settings }
        if settings.hasCertificate {
            logger.warning("ignoring \(settings.side.flag("auto-tls")): \(settings.side.flag("cert-file")) and \(settings.side.flag("key-file")) are given")
            settings.autoTLS = false
            return settings
        }
        try AutoTLS.prepare(&settings, directory: directory, hosts: urls.map(\.host), name: name)
        logger.info("\(settings.side.flag("auto-tls")): serving with the self-signed certificate \(settings.certFile)")
        return settings
    }

    /// A context only where some URL is https; without a certificate that is etcd's error.
    /// Files named for a side that serves no https URL are still checked: they are used to
    /// dial https URLs of other members, and a bad one should stop the start, not a dial.
    private static func context(_ settings: TLSSettings, serving urls: [PeerURL], protocols: [String]) throws -> ReloadingTLSContext? {
        guard let https = urls.first(where: { $0.scheme == .https }) else {
            if settings.hasCertificate { try CredentialCheck.check(settings) }
            return nil
        }
        guard settings.hasCertificate else {
            let side = settings.side
            throw BootstrapError.invalid("TLS key/cert (\(side.flag("cert-file")), \(side.flag("key-file"))) must be provided for \(side.rawValue) url \(https) with HTTPS scheme")
        }
        return try ReloadingTLSContext(settings: settings, applicationProtocols: protocols) { result in
            switch result {
            case .success: logger.info("reloaded the \(settings.side.rawValue) certificate \(settings.certFile)")
            case .failure(let error): logger.error("kept the previous \(settings.side.rawValue) certificate: \(error)")
            }
        }
    }
}
