import ArgumentParser
import TLS

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check a certificate against a CA: chain, validity period, usage and host. Prints ok, or fails with the reason."
    )

    @Option(help: "The CA certificate (ca.pem).")
    var ca: String

    @Argument(help: "The PEM certificate to check.")
    var file: String

    @Option(help: "A host name or IP address the certificate must be valid for.")
    var host: String?

    @Option(help: "The role to check: server, client or peer (both). Default: server with --host, otherwise none.")
    var usage: String?

    func run() throws {
        let verifier = CertificateVerifier(ca: try PEMFiles.certificate(at: ca))
        let certificate = try PEMFiles.certificate(at: file)
        try verifier.verify(certificate, usage: try parsedUsage(), host: host)
        print("ok")
    }

    private func parsedUsage() throws -> CertificateUsage? {
        guard let usage else { return host == nil ? nil : .server }
        guard let parsed = CertificateUsage(rawValue: usage) else {
            throw TLSError("unknown usage '\(usage)' (use server, client or peer)")
        }
        return parsed
    }
}
