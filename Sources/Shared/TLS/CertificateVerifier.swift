import CCrypto
import Foundation

/// Checks a certificate the way a TLS peer trusting only `ca` would: chain, validity period,
/// key usage and extended key usage for the role, and the host name or IP address.
public struct CertificateVerifier: Sendable {
    public let ca: Certificate

    public init(ca: Certificate) {
        self.ca = ca
    }

    /// Returns normally when `certificate` is acceptable; otherwise throws the reason.
    /// Without a `usage`, only the chain and the validity period are checked.
    public func verify(
        _ certificate: Certificate, usage: CertificateUsage? = nil, host: String? = nil, at date: Date = Date()
    ) throws {
        let purposes = usage?.purposes.map(Optional.some) ?? [nil]
        for purpose in purposes {
            if let code = try failureCode(certificate, purpose: purpose?.id, host: host, at: date) {
                throw TLSError(try reason(for: code, certificate: certificate, purpose: purpose?.description, host: host))
            }
        }
    }

    /// OpenSSL's X509_V_ERR_* code for the first check that fails, nil when all pass.
    private func failureCode(_ certificate: Certificate, purpose: Int32?, host: String?, at date: Date) throws -> Int32? {
        let store = try OpenSSLHandle(X509_STORE_new(), failing: "cannot allocate a certificate store") { X509_STORE_free($0) }
        let context = try OpenSSLHandle(X509_STORE_CTX_new(), failing: "cannot allocate a verification context") {
            X509_STORE_CTX_free($0)
        }
        return try store.withPointer { store in
            try context.withPointer { context in
                guard X509_STORE_add_cert(store, ca.pointer) == 1,
                      X509_STORE_CTX_init(context, store, certificate.pointer, nil) == 1,
                      (purpose.map { X509_STORE_CTX_set_purpose(context, $0) } ?? 1) == 1
                else { throw TLSError.openSSL("cannot set up verification") }
                let parameters = X509_STORE_CTX_get0_param(context)
                X509_VERIFY_PARAM_set_time(parameters, time_t(date.timeIntervalSince1970))
                if let host { try expect(host, in: parameters) }
                guard X509_verify_cert(context) == 1 else {
                    ERR_clear_error()
                    return X509_STORE_CTX_get_error(context)
                }
                return nil
            }
        }
    }

    private func expect(_ host: String, in parameters: OpaquePointer?) throws {
        let accepted = if let address = IPAddress(host) {
            X509_VERIFY_PARAM_set1_ip(parameters, address.bytes, address.bytes.count)
        } else if DNSName.isValid(host) {
            X509_VERIFY_PARAM_set1_host(parameters, host, host.utf8.count)
        } else {
            throw TLSError("bad host '\(host)': not an IP address or a DNS name")
        }
        guard accepted == 1 else { throw TLSError.openSSL("cannot check for host '\(host)'") }
    }

    /// OpenSSL's reason, with the certificate's side of the story where that helps.
    private func reason(for code: Int32, certificate: Certificate, purpose: String?, host: String?) throws -> String {
        let reason = String(cString: X509_verify_cert_error_string(Int(code)))
        switch code {
        case X509_V_ERR_CERT_HAS_EXPIRED:
            return "\(reason) (not after \(CertificateInfo.timestamp(try certificate.info().notAfter)))"
        case X509_V_ERR_CERT_NOT_YET_VALID:
            return "\(reason) (not before \(CertificateInfo.timestamp(try certificate.info().notBefore)))"
        case X509_V_ERR_INVALID_PURPOSE:
            let usages = certificate.extendedKeyUsage().joined(separator: ", ")
            return "\(reason): not valid for \(purpose ?? "this use") (extended key usage: \(usages.isEmpty ? "none" : usages))"
        case X509_V_ERR_HOSTNAME_MISMATCH, X509_V_ERR_IP_ADDRESS_MISMATCH:
            let names = certificate.alternativeNames()
            let valid = (names.dnsNames + names.ipAddresses).joined(separator: ", ")
            return "\(reason): '\(host ?? "")' is not among the certificate's names (\(valid.isEmpty ? "none" : valid))"
        default:
            return reason
        }
    }
}
