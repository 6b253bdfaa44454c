#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One file kvcert means to write. Private keys are created with mode 0600 from the start, so
/// there is no moment when another user could open them.
public struct OutputFile: Equatable, Sendable {
    public let path: String
    public let contents: String
    public let mode: mode_t

    public static let certificateMode: mode_t = 0o644
    public static let privateKeyMode: mode_t = 0o600

    public init(path: String, contents: String, mode: mode_t) {
        self.path = path
        self.contents = contents
        self.mode = mode
    }

    /// The certificate and key files for `stem` in `directory`: STEM.pem and STEM-key.pem.
    public static func pair(directory: String, stem: String, certificate: Certificate, key: PrivateKey) throws -> [OutputFile] {
        [
            OutputFile(path: "\(directory)/\(stem).pem", contents: try certificate.pemEncoded(), mode: certificateMode),
            OutputFile(path: "\(directory)/\(stem)-key.pem", contents: try key.pemEncoded(), mode: privateKeyMode),
        ]
    }

    /// Refuses a name that would not stay one file or folder inside the output folder.
    public static func checkPathComponent(_ name: String, what: String) throws {
        guard !name.isEmpty, name != ".", name != "..", !name.contains("/"), !name.contains("\0") else {
            throw TLSError("\(what) '\(name)' cannot be used as a file name")
        }
    }
}
