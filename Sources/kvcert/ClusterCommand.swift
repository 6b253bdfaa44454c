import ArgumentParser
import TLS

struct Cluster: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make a CA and every member's server and peer certificates from an initial-cluster string.",
        discussion: """
            Writes DIR/ca.pem and DIR/ca-key.pem (keep the key here), and for each member a \
            folder DIR/NAME holding ca.pem, server.pem, server-key.pem, peer.pem and \
            peer-key.pem, ready to copy to its node. The certificates are valid for the hosts \
            of the member's URLs plus every --ip and --dns.
            """
    )

    @Option(help: "As kvd and etcd take it: name1=https://10.0.0.1:2380,name2=https://host2:2380,...")
    var initialCluster: String

    @OptionGroup var names: NameOptions

    @Option(help: "The folder to write to (made if missing).")
    var out: String

    @Option(help: "The CA's common name.")
    var caCn = "kvd CA"

    @OptionGroup var generation: GenerationOptions

    func run() throws {
        let certificates = ClusterCertificates(
            cluster: try InitialCluster(parsing: initialCluster),
            extraNames: try names.alternativeNames(),
            caCommonName: caCn,
            keyType: try generation.parsedKeyType(),
            caValidity: try generation.validity(defaultDays: GenerationOptions.caValidityDaysDefault),
            validity: try generation.validity(defaultDays: GenerationOptions.validityDaysDefault)
        )
        try generation.write(try certificates.files(in: out))
    }
}
