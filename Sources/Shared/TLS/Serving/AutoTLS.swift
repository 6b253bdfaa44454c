import Foundation

/// `--auto-tls` and `--peer-auto-tls`: a self-signed certificate for this member's listen
/// hosts, made once in the data directory (where etcd keeps its own) and reused after.
public enum AutoTLS {
    public static let validityDays = 365

    /// Fills in `settings` with the paths of `directory`/cert.pem and key.pem, making them
    /// when they are not there yet.
    public static func prepare(_ settings: inout TLSSettings, directory: String, hosts: [PeerURL.Host], name: String) throws {
        let certFile = "\(directory)/cert.pem"
        let keyFile = "\(directory)/key.pem"
        if !FileManager.default.fileExists(atPath: certFile) || !FileManager.default.fileExists(atPath: keyFile) {
            let key = try PrivateKey.generate(.ecP256)
            let request = CertificateRequest(
                profile: settings.side == .peer ? .peer : .server, commonName: name,
                alternativeNames: try SubjectAlternativeNames(hosts: hosts), validity: try Validity(days: validityDays))
            let certificate = try CertificateBuilder.selfSigned(request, key: key)
            try OutputFileWriter.write([
                OutputFile(path: certFile, contents: try certificate.pemEncoded(), mode: OutputFile.certificateMode),
                OutputFile(path: keyFile, contents: try key.pemEncoded(), mode: OutputFile.privateKeyMode),
            ], overwrite: true)
        }
        settings.certFile = certFile
        settings.keyFile = keyFile
    }
}
