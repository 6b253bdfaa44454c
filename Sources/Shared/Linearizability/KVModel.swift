/// kvd as a map of independent registers: each key holds a value or is absent, and is its own
/// partition, since etcd's single-key operations are linearizable per key.
public struct KVModel: Model {
    /// The key's current value; `nil` while it is absent.
    public typealias State = String?

    public init() {}

    public var initialState: String? { nil }

    public func step(_ state: String?, _ input: KVInput, _ output: KVOutput) -> String?? {
        switch (input, output) {
        case let (.read, .read(value)):
            return value == state ? .some(state) : .none
        case (.write, .ok), (.delete, .ok):
            return .some(written(state, input))
        case let (.cas(_, expected, _), .cas(succeeded)):
            return (state == expected) == succeeded ? .some(written(state, input)) : .none
        default:
            preconditionFailure("output \(output) cannot answer \(input)")
        }
    }

    /// Each input has exactly one effect in a given state, so an unknown output leaves one candidate.
    public func successors(_ state: String?, _ input: KVInput) -> [String?] {
        [written(state, input)]
    }

    public func partition(_ input: KVInput) -> String { input.key }

    public static func describe(_ state: String?) -> String { quoted(state) }

    /// The value `input` leaves when it takes effect in `state` (a failing CAS leaves `state`).
    private func written(_ state: String?, _ input: KVInput) -> String? {
        switch input {
        case .read: state
        case let .write(_, value): value
        case .delete: nil
        case let .cas(_, expected, new): state == expected ? new : state
        }
    }
}

extension LinearizabilityChecker where M == KVModel {
    /// A checker for histories recorded against kvd.
    public init(budget: SearchBudget = .default) {
        self.init(model: KVModel(), budget: budget)
    }
}
