/// What `kvcert cluster` makes from an initial-cluster string: one CA, and for each member a
/// server and a peer certificate whose names are the hosts of its peer URLs plus the extras.
/// The CA key stays in the top folder; each member's folder is what its node needs.
public struct ClusterCertificates: Sendable {
    public var cluster: InitialCluster
    /// Added to every member's certificates (a load balancer's name, 127.0.0.1, ...).
    public var extraNames: SubjectAlternativeNames
    public var caCommonName: String
    public var keyType: KeyType
    public var caValidity: Validity
    /// Of the members' server and peer certificates.
    public var validity: Validity

    public init(
        cluster: InitialCluster, extraNames: SubjectAlternativeNames, caCommonName: String, keyType: KeyType,
        caValidity: Validity, validity: Validity
    ) {
        self.cluster = cluster
        self.extraNames = extraNames
        self.caCommonName = caCommonName
        self.keyType = keyType
        self.caValidity = caValidity
        self.validity = validity
    }

    /// DIRECTORY/ca.pem, DIRECTORY/ca-key.pem, and DIRECTORY/NAME/{ca,server,server-key,peer,peer-key}.pem.
    public func files(in directory: String) throws -> [OutputFile] {
        for member in cluster.members {
            try OutputFile.checkPathComponent(member.name, what: "member name")
        }
        let caKey = try PrivateKey.generate(keyType)
        let ca = try CertificateBuilder.selfSignedCA(commonName: caCommonName, key: caKey, validity: caValidity)
        let caPEM = try ca.pemEncoded()
        var files = try OutputFile.pair(directory: directory, stem: CertificateProfile.ca.rawValue, certificate: ca, key: caKey)
        for member in cluster.members {
            let folder = "\(directory)/\(member.name)"
            files.append(OutputFile(path: "\(folder)/ca.pem", contents: caPEM, mode: OutputFile.certificateMode))
            let names = try SubjectAlternativeNames(hosts: member.peerURLs.map(\.host)).merging(extraNames)
            for profile in [CertificateProfile.server, .peer] {
                let request = CertificateRequest(profile: profile, commonName: member.name, alternativeNames: names, validity: validity)
                let key = try PrivateKey.generate(keyType)
                let certificate = try CertificateBuilder.issue(request, subjectKey: key, ca: ca, caKey: caKey)
                let stem = try profile.fileStem(name: member.name)
                files += try OutputFile.pair(directory: folder, stem: stem, certificate: certificate, key: key)
            }
        }
        return files
    }
}
