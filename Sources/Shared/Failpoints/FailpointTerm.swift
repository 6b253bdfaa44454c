/// What an armed failpoint does, written as gofail writes it: `[P%][N*]action[(argument)]`,
/// e.g. `panic`, `sleep(200)`, `1*panic`, `25%sleep(50)`, `print`, `off`.
public struct FailpointTerm: Equatable, Sendable {
    public enum Action: Equatable, Sendable {
        /// The process dies on the spot, as after `kill -9`, with a line naming the point.
        case panic
        /// The thread that hit the point stalls, as on a slow disk.
        case sleep(milliseconds: Int)
        /// A line on stderr, for tests that want to see the point passed.
        case print
        case off
    }

    public var action: Action
    /// In percent: how often a hit acts.
    public var probabilityPercent: Int = 100
    /// How many hits act before the point goes off; nil for every hit.
    public var count: Int?

    public init(action: Action, probabilityPercent: Int = 100, count: Int? = nil) {
        self.action = action
        self.probabilityPercent = probabilityPercent
        self.count = count
    }

    public init(parsing text: some StringProtocol) throws(FailpointSpecError) {
        var rest = Substring(text)
        if let percent = rest.firstIndex(of: "%") {
            guard let value = Int(rest[..<percent]), (0...100).contains(value) else {
                throw .badTerm(String(text), "the probability must be 0 to 100 percent")
            }
            probabilityPercent = value
            rest = rest[rest.index(after: percent)...]
        }
        if let star = rest.firstIndex(of: "*") {
            guard let value = Int(rest[..<star]), value > 0 else {
                throw .badTerm(String(text), "the count before '*' must be a positive number")
            }
            count = value
            rest = rest[rest.index(after: star)...]
        }
        action = try Self.action(rest, in: String(text))
    }

    private static func action(_ text: Substring, in term: String) throws(FailpointSpecError) -> Action {
        switch text {
        case "panic": return .panic
        case "print": return .print
        case "off": return .off
        default:
            guard text.hasPrefix("sleep("), text.hasSuffix(")") else {
                throw .badTerm(term, "the action must be panic, sleep(ms), print or off")
            }
            let argument = text.dropFirst("sleep(".count).dropLast()
            guard let milliseconds = Self.milliseconds(argument), milliseconds <= 3_600_000 else {
                throw .badTerm(term, "sleep takes milliseconds, or a duration such as 200ms or 2s, up to an hour")
            }
            return .sleep(milliseconds: milliseconds)
        }
    }

    private static func milliseconds(_ text: Substring) -> Int? {
        if let plain = Int(text) { return plain >= 0 ? plain : nil }
        if text.hasSuffix("ms"), let value = Int(text.dropLast(2)), value >= 0 { return value }
        if text.hasSuffix("s"), let value = Int(text.dropLast()), value >= 0 { return value * 1_000 }
        return nil
    }
}

public enum FailpointSpecError: Error, Equatable, CustomStringConvertible {
    case badTerm(String, String)
    case unknownFailpoint(String)
    case malformed(String)

    public var description: String {
        switch self {
        case .badTerm(let term, let reason): "failpoint term '\(term)': \(reason)"
        case .unknownFailpoint(let name):
            "unknown failpoint '\(name)'; the failpoints are \(Failpoint.allCases.map(\.rawValue).joined(separator: ", "))"
        case .malformed(let part): "'\(part)' is not name=term"
        }
    }
}
