import ArgumentParser
import TLS

struct CA: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Make a self-signed CA: DIR/ca.pem and DIR/ca-key.pem.")

    @Option(help: "The folder to write to (made if missing).")
    var out: String

    @Option(help: "The CA's common name.")
    var cn = "kvd CA"

    @OptionGroup var generation: GenerationOptions

    func run() throws {
        let validity = try generation.validity(defaultDays: GenerationOptions.caValidityDaysDefault)
        let key = try PrivateKey.generate(try generation.parsedKeyType())
        let certificate = try CertificateBuilder.selfSignedCA(commonName: cn, key: key, validity: validity)
        try generation.write(try OutputFile.pair(directory: out, stem: CertificateProfile.ca.rawValue, certificate: certificate, key: key))
    }
}
