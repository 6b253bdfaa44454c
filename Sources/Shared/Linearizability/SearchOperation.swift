/// One operation as the search sees it, after the model bounded the unknown ones.
struct SearchOperation<Input: Hashable & Sendable, Output: Hashable & Sendable> {
    let input: Input
    /// Nil when nobody saw it: the model's successors stand for every possible output.
    let output: Output?
    let call: UInt64
    /// When it must have taken effect (its return, or the bound the model gave an unknown one); nil
    /// when it may take effect at any time after its call, or never.
    let deadline: UInt64?

    init(input: Input, output: Output?, call: UInt64, deadline: UInt64?) {
        if let deadline { precondition(call <= deadline, "an operation due before its call") }
        self.input = input
        self.output = output
        self.call = call
        self.deadline = deadline
    }
}
