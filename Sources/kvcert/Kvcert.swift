import ArgumentParser
import BuildInfo

struct Kvcert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kvcert",
        abstract: "Certificates for kvd and etcd: CA, server, peer and client, generated with OpenSSL.",
        discussion: """
            Files are named as etcd's and cfssl's guides name them: ca.pem and ca-key.pem, \
            server.pem and server-key.pem, peer.pem and peer-key.pem, NAME.pem and NAME-key.pem \
            for a client. Private keys are written with mode 0600. Existing files are never \
            replaced without --force.

            Example: kvcert cluster --initial-cluster \
            'n1=https://10.0.0.1:2380,n2=https://10.0.0.2:2380,n3=https://10.0.0.3:2380' --out certs
            """,
        version: BuildInfo.version,
        subcommands: [CA.self, Server.self, Peer.self, Client.self, Cluster.self, Inspect.self, Verify.self]
    )
}
