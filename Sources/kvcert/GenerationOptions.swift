import ArgumentParser
import TLS

/// The options every generating command shares.
struct GenerationOptions: ParsableArguments {
    static let caValidityDaysDefault = 3650
    static let validityDaysDefault = 365

    @Option(help: """
        Validity in days of every certificate made \
        (default: \(caValidityDaysDefault) for a CA, \(validityDaysDefault) otherwise).
        """)
    var days: Int?

    @Option(help: "One of ec-p256, ec-p384, rsa-2048, rsa-3072, rsa-4096")
    var keyType: String = KeyType.ecP256.rawValue

    @Flag(help: "Replace files that already exist.")
    var force = false

    func parsedKeyType() throws -> KeyType {
        try KeyType(parsing: keyType)
    }

    func validity(defaultDays: Int) throws -> Validity {
        try Validity(days: days ?? defaultDays)
    }

    /// Writes the files and lists them, one path a line.
    func write(_ files: [OutputFile]) throws {
        try OutputFileWriter.write(files, overwrite: force)
        for file in files {
            print(file.path)
        }
    }
}

/// The subject alternative names given on the command line.
struct NameOptions: ParsableArguments {
    @Option(name: .customLong("ip"), help: "An IP address the certificate is valid for (repeatable).")
    var ipAddresses: [String] = []

    @Option(name: .customLong("dns"), help: "A DNS name the certificate is valid for (repeatable).")
    var dnsNames: [String] = []

    func alternativeNames() throws -> SubjectAlternativeNames {
        try SubjectAlternativeNames(ipTexts: ipAddresses, dnsNames: dnsNames)
    }
}
