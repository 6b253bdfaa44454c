#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// The failpoints armed in this process: parsed once from `KVD_FAILPOINTS`
/// (`name=term;name=term`), each hit counted so that `N*` terms go off after N.
public final class FailpointTable: Sendable {
    public static let variable = "KVD_FAILPOINTS"
    /// Read once: every `hit` of an unarmed process stops here.
    static let armed = shared.terms.values.contains { $0.action != .off }
    static let shared = FailpointTable(environmentValue: getenv(variable).map { String(cString: $0) })

    let terms: [Failpoint: FailpointTerm]
    private let remaining: Mutex<[Failpoint: Int]>

    /// The points a `KVD_FAILPOINTS` value arms; kvd calls this at start-up so that a typo
    /// stops it with the reason instead of leaving the point unarmed.
    public static func parse(_ value: String) throws(FailpointSpecError) -> [Failpoint: FailpointTerm] {
        var terms: [Failpoint: FailpointTerm] = [:]
        for written in value.split(separator: ";") {
            let part = written.filter { !$0.isWhitespace }
            guard !part.isEmpty else { continue }
            guard let equals = part.firstIndex(of: "=") else { throw .malformed(part) }
            let name = String(part[..<equals])
            guard let point = Failpoint(rawValue: name) else { throw .unknownFailpoint(name) }
            terms[point] = try FailpointTerm(parsing: part[part.index(after: equals)...])
        }
        return terms
    }

    init(environmentValue: String?) {
        // kvd has validated the variable before anything can hit a point; a value that does
        // not parse arms nothing rather than half of it.
        terms = environmentValue.flatMap { try? Self.parse($0) } ?? [:]
        remaining = Mutex(terms.compactMapValues(\.count))
    }

    /// Whether the point acted (a panic does not return).
    @discardableResult
    func hit(_ point: Failpoint, preparing: () -> Void = {}) -> Bool {
        guard let term = terms[point], term.action != .off else { return false }
        if term.probabilityPercent < 100, Int.random(in: 0..<100) >= term.probabilityPercent { return false }
        if term.count != nil {
            let acts = remaining.withLock { counts -> Bool in
                guard let left = counts[point], left > 0 else { return false }
                counts[point] = left - 1
                return true
            }
            guard acts else { return false }
        }
        preparing()
        act(term.action, at: point)
        return true
    }

    private func act(_ action: FailpointTerm.Action, at point: Failpoint) {
        switch action {
        case .panic:
            say("panic: failpoint \(point.rawValue)")
            // No unwinding, no flushing: the process ends where it stands, like kill -9.
            _exit(2)
        case .sleep(let milliseconds):
            say("failpoint \(point.rawValue): sleeping \(milliseconds) ms")
            usleep(UInt32(clamping: milliseconds * 1_000))
        case .print:
            say("failpoint \(point.rawValue) hit")
        case .off:
            preconditionFailure("an unarmed failpoint acted")
        }
    }

    private func say(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    }
}
