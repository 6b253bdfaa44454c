/// Everything that describes a certificate to issue except the keys.
public struct CertificateRequest: Sendable {
    public var profile: CertificateProfile
    /// The subject's CN: a member name, or for clients the user name etcd's auth sees.
    public var commonName: String
    public var alternativeNames: SubjectAlternativeNames
    public var validity: Validity

    public init(profile: CertificateProfile, commonName: String, alternativeNames: SubjectAlternativeNames, validity: Validity) {
        self.profile = profile
        self.commonName = commonName
        self.alternativeNames = alternativeNames
        self.validity = validity
    }

    /// The reason this request would make a certificate that is useless or wrong, if any.
    func problem() -> String? {
        let commonNameLengthMax = 64
        if commonName.isEmpty || commonName.utf8.count > commonNameLengthMax {
            return "the common name must be 1 to \(commonNameLengthMax) bytes long"
        }
        if commonName.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            return "the common name must not contain control characters"
        }
        if (profile == .server || profile == .peer) && alternativeNames.isEmpty {
            return "a \(profile.rawValue) certificate needs at least one IP address or DNS name: "
                + "Go's TLS, in etcd and etcdctl, ignores the common name"
        }
        return nil
    }
}
