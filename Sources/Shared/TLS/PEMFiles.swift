#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads certificates and keys from files, naming the file in every error.
public enum PEMFiles {
    /// Far above any PEM file kvcert reads; a bigger file is a mistake, not a certificate.
    static let fileSizeMax = 1 << 20

    public static func certificate(at path: String) throws -> Certificate {
        try parsing(path) { try Certificate(pemEncoded: $0) }
    }

    /// All certificates of a bundle file, such as a trusted-CA file.
    public static func certificates(at path: String) throws -> [Certificate] {
        try parsing(path) { try Certificate.all(pemEncoded: $0) }
    }

    public static func privateKey(at path: String) throws -> PrivateKey {
        try parsing(path) { try PrivateKey(pemEncoded: $0) }
    }

    private static func parsing<Value>(_ path: String, _ parse: (String) throws -> Value) throws -> Value {
        let text = try contents(of: path)
        do {
            return try parse(text)
        } catch let error as TLSError {
            throw TLSError("\(path): \(error)")
        }
    }

    static func contents(of path: String) throws -> String {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw TLSError("cannot read \(path): \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while bytes.count <= fileSizeMax {
            let count = read(descriptor, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { throw TLSError("cannot read \(path): \(String(cString: strerror(errno)))") }
            if count == 0 { return String(decoding: bytes, as: UTF8.self) }
            bytes += chunk.prefix(count)
        }
        throw TLSError("\(path): larger than \(fileSizeMax) bytes, not a PEM file")
    }
}
