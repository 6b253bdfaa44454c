import Foundation
import NIOSSL
import Synchronization

/// The NIOSSL context for new connections on one TLS listener. The files it was made from are
/// looked at again (at most once per `recheckInterval`) when a connection arrives, and a
/// changed set is checked and swapped in, so certificates rotate without a restart.
/// Connections already open keep the context they were made with.
public final class ReloadingTLSContext: Sendable {
    public let settings: TLSSettings
    private let applicationProtocols: [String]
    private let onReload: @Sendable (Result<Void, TLSError>) -> Void
    private let state: Mutex<State>

    private struct State {
        var context: NIOSSLContext
        var stamps: [FileStamp]
        var checkedAt: ContinuousClock.Instant
    }

    static let recheckInterval = Duration.seconds(1)

    /// Fails, naming the file and the reason, when the files cannot serve. `onReload` hears of
    /// every later reload: a success, or a failure that leaves the previous files in use.
    public init(
        settings: TLSSettings, applicationProtocols: [String],
        onReload: @escaping @Sendable (Result<Void, TLSError>) -> Void = { _ in }
    ) throws(TLSError) {
        precondition(settings.hasCertificate, "a TLS listener needs a certificate")
        self.settings = settings
        self.applicationProtocols = applicationProtocols
        self.onReload = onReload
        let stamps = FileStamp.of(Self.files(settings))
        let context = try Self.makeContext(settings, applicationProtocols: applicationProtocols)
        state = Mutex(State(context: context, stamps: stamps, checkedAt: .now))
    }

    /// The context a connection accepted now should use.
    public func current() -> NIOSSLContext {
        let now = ContinuousClock.now
        let due: (context: NIOSSLContext, stamps: [FileStamp])? = state.withLock { state in
            guard now - state.checkedAt >= Self.recheckInterval else { return nil }
            state.checkedAt = now
            return (state.context, state.stamps)
        }
        guard let due else { return state.withLock { $0.context } }
        let stamps = FileStamp.of(Self.files(settings))
        guard stamps != due.stamps else { return due.context }
        do {
            let context = try Self.makeContext(settings, applicationProtocols: applicationProtocols)
            state.withLock {
                $0.context = context
                $0.stamps = stamps
            }
            onReload(.success(()))
            return context
        } catch {
            // Files caught half-written are tried again once they change once more.
            state.withLock { $0.stamps = stamps }
            onReload(.failure(error))
            return due.context
        }
    }

    private static func files(_ settings: TLSSettings) -> [String] {
        [settings.certFile, settings.keyFile, settings.trustedCAFile].filter { !$0.isEmpty }
    }

    /// TLS 1.2 at least; clients must present a certificate the trusted CA signed when
    /// `requiresClientCertificate`, and are not asked for one otherwise (as etcd).
    static func makeContext(_ settings: TLSSettings, applicationProtocols: [String]) throws(TLSError) -> NIOSSLContext {
        try CredentialCheck.check(settings)
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(settings.certFile).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: settings.keyFile, format: .pem)
            var configuration = TLSConfiguration.makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key))
            configuration.minimumTLSVersion = .tlsv12
            configuration.applicationProtocols = applicationProtocols
            if settings.requiresClientCertificate {
                configuration.certificateVerification = .noHostnameVerification
                configuration.trustRoots = .file(settings.trustedCAFile)
            } else {
                configuration.certificateVerification = .none
            }
            let suites = try CipherSuites.parse(settings.cipherSuites)
            if !suites.isEmpty { configuration.cipherSuiteValues = suites }
            return try NIOSSLContext(configuration: configuration)
        } catch let error as TLSError {
            throw error
        } catch {
            throw TLSError("\(settings.side.flag("cert-file")) \(settings.certFile): cannot serve TLS with it: \(error)")
        }
    }
}

/// Enough of a file's identity to see that it was replaced or rewritten.
struct FileStamp: Equatable {
    var path: String
    var device: UInt64
    var inode: UInt64
    var size: Int64
    var modifiedSeconds: Int
    var modifiedNanoseconds: Int

    /// A file that cannot be looked at gets an empty stamp, so its return counts as a change.
    static func of(_ paths: [String]) -> [FileStamp] {
        paths.map { path in
            var info = stat()
            guard stat(path, &info) == 0 else {
                return FileStamp(path: path, device: 0, inode: 0, size: -1, modifiedSeconds: 0, modifiedNanoseconds: 0)
            }
            return FileStamp(path: path, device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                             modifiedSeconds: info.st_mtim.tv_sec, modifiedNanoseconds: info.st_mtim.tv_nsec)
        }
    }
}
