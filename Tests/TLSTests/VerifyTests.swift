import Foundation
import Testing
import TLS

/// `kvcert verify` and the verifier behind it: every reason a TLS peer would refuse.
@Suite struct VerifyTests {
    /// A CA plus server and client certificates made through the command line.
    private func makeCertificates(in directory: String) throws {
        try Tools.kvcertSucceeding(["ca", "--out", directory])
        try Tools.kvcertSucceeding(["ca", "--out", "\(directory)/other", "--cn", "Other CA"])
        let issuing = ["--ca", "\(directory)/ca.pem", "--ca-key", "\(directory)/ca-key.pem", "--out", directory]
        try Tools.kvcertSucceeding(["server", "--name", "n1", "--ip", "127.0.0.1", "--dns", "n1.example"] + issuing)
        try Tools.kvcertSucceeding(["client", "--name", "alice"] + issuing)
    }

    @Test func acceptsAMatchingCertificate() async throws {
        try await withTemporaryDirectory { directory in
            try makeCertificates(in: directory)
            for arguments in [
                ["\(directory)/server.pem"],
                ["\(directory)/server.pem", "--host", "127.0.0.1"],
                ["\(directory)/server.pem", "--host", "n1.example"],
                ["\(directory)/server.pem", "--usage", "peer"],
                ["\(directory)/alice.pem", "--usage", "client"],
                ["\(directory)/ca.pem"],
            ] {
                let result = try Tools.kvcert(["verify", "--ca", "\(directory)/ca.pem"] + arguments)
                #expect(result.status == 0 && result.standardOutput == "ok\n", "\(arguments): \(result.standardError)")
            }
        }
    }

    @Test func namesTheReasonForRefusal() async throws {
        try await withTemporaryDirectory { directory in
            try makeCertificates(in: directory)
            let cases: [(arguments: [String], reason: String)] = [
                (["--ca", "\(directory)/other/ca.pem", "\(directory)/server.pem"], "unable to get local issuer certificate"),
                (["--ca", "\(directory)/ca.pem", "\(directory)/server.pem", "--host", "n2.example"],
                 "hostname mismatch: 'n2.example' is not among the certificate's names (n1.example, 127.0.0.1)"),
                (["--ca", "\(directory)/ca.pem", "\(directory)/server.pem", "--host", "10.9.9.9"], "IP address mismatch"),
                (["--ca", "\(directory)/ca.pem", "\(directory)/alice.pem", "--host", "127.0.0.1"],
                 "unsuitable certificate purpose: not valid for TLS server authentication (extended key usage: clientAuth)"),
                (["--ca", "\(directory)/ca.pem", "\(directory)/alice.pem", "--usage", "peer"], "unsuitable certificate purpose"),
            ]
            for (arguments, reason) in cases {
                let result = try Tools.kvcert(["verify"] + arguments)
                #expect(result.status == 1, "\(arguments)")
                #expect(result.standardOutput.isEmpty)
                #expect(result.standardError.hasPrefix("Error: \(reason)"), "\(arguments): \(result.standardError)")
            }
        }
    }

    @Test func refusesAnExpiredCertificateAsOpenSSLDoes() async throws {
        try await withTemporaryDirectory { directory in
            let now = Date()
            let caKey = try PrivateKey.generate(.ecP256)
            let caValidity = try Validity(days: 30, from: now.addingTimeInterval(-20 * 86_400))
            let ca = try CertificateBuilder.selfSignedCA(commonName: "CA", key: caKey, validity: caValidity)
            let expired = try Validity(notBefore: now.addingTimeInterval(-10 * 86_400), notAfter: now.addingTimeInterval(-86_400))
            let request = CertificateRequest(
                profile: .server, commonName: "old", alternativeNames: try SubjectAlternativeNames(dnsNames: ["old.example"]),
                validity: expired
            )
            let key = try PrivateKey.generate(.ecP256)
            let certificate = try CertificateBuilder.issue(request, subjectKey: key, ca: ca, caKey: caKey)

            #expect(throws: TLSError.self) { try CertificateVerifier(ca: ca).verify(certificate, usage: .server) }
            #expect(throws: Never.self) {
                try CertificateVerifier(ca: ca).verify(certificate, usage: .server, at: now.addingTimeInterval(-2 * 86_400))
            }

            try OutputFileWriter.write(
                try OutputFile.pair(directory: directory, stem: "ca", certificate: ca, key: caKey)
                    + OutputFile.pair(directory: directory, stem: "old", certificate: certificate, key: key),
                overwrite: false
            )
            let result = try Tools.kvcert(["verify", "--ca", "\(directory)/ca.pem", "\(directory)/old.pem"])
            #expect(result.status == 1)
            #expect(result.standardError.hasPrefix("Error: certificate has expired (not after "), "\(result.standardError)")
            let openssl = try Tools.openssl(["verify", "-CAfile", "\(directory)/ca.pem", "\(directory)/old.pem"])
            #expect(!openssl.succeeded)
            #expect((openssl.standardOutput + openssl.standardError).contains("certificate has expired"))
        }
    }

    @Test func refusesACertificateNotYetValid() throws {
        let caKey = try PrivateKey.generate(.ecP256)
        let ca = try CertificateBuilder.selfSignedCA(commonName: "CA", key: caKey, validity: Validity(days: 10))
        let future = try Validity(days: 5, from: Date().addingTimeInterval(86_400))
        let request = CertificateRequest(
            profile: .client, commonName: "early", alternativeNames: try SubjectAlternativeNames(), validity: future
        )
        let certificate = try CertificateBuilder.issue(request, subjectKey: PrivateKey.generate(.ecP256), ca: ca, caKey: caKey)
        let error = #expect(throws: TLSError.self) { try CertificateVerifier(ca: ca).verify(certificate) }
        #expect(error?.description.hasPrefix("certificate is not yet valid") == true)
    }
}
