import ArgumentParser
import TLS

/// The options of `server`, `peer` and `client`, which differ only in the profile they issue.
struct IssueOptions: ParsableArguments {
    @Option(help: "The common name: the member name, or for a client the etcd user name (and the files' name).")
    var name: String

    @Option(help: "The CA certificate (ca.pem).")
    var ca: String

    @Option(help: "The CA's private key (ca-key.pem).")
    var caKey: String

    @OptionGroup var names: NameOptions

    @Option(help: "The folder to write to (made if missing).")
    var out: String

    @OptionGroup var generation: GenerationOptions

    func issue(_ profile: CertificateProfile) throws {
        let request = CertificateRequest(
            profile: profile, commonName: name, alternativeNames: try names.alternativeNames(),
            validity: try generation.validity(defaultDays: GenerationOptions.validityDaysDefault)
        )
        let keyType = try generation.parsedKeyType()
        let stem = try profile.fileStem(name: name)
        let caCertificate = try PEMFiles.certificate(at: ca)
        let caPrivateKey = try PEMFiles.privateKey(at: caKey)
        let key = try PrivateKey.generate(keyType)
        let certificate = try CertificateBuilder.issue(request, subjectKey: key, ca: caCertificate, caKey: caPrivateKey)
        try generation.write(try OutputFile.pair(directory: out, stem: stem, certificate: certificate, key: key))
    }
}

struct Server: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Issue a member's client-facing certificate: DIR/server.pem and DIR/server-key.pem (serverAuth, clientAuth)."
    )

    @OptionGroup var options: IssueOptions

    func run() throws {
        try options.issue(.server)
    }
}

struct Peer: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Issue a member's peer certificate: DIR/peer.pem and DIR/peer-key.pem (serverAuth, clientAuth)."
    )

    @OptionGroup var options: IssueOptions

    func run() throws {
        try options.issue(.peer)
    }
}

struct Client: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Issue a client certificate: DIR/NAME.pem and DIR/NAME-key.pem (clientAuth; etcd's auth takes NAME as the user)."
    )

    @OptionGroup var options: IssueOptions

    func run() throws {
        try options.issue(.client)
    }
}
