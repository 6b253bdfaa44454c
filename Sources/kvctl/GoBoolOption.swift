/// A Go bool flag that defaults to true (`--interactive`), given as `--interactive=false`:
/// its text, checked as strconv.ParseBool checks it.
enum GoBoolOption {
    static func value(_ text: String, flag: String) throws(KvctlError) -> Bool {
        guard let value = GoValue.bool(text) else {
            throw .badArguments("invalid argument \"\(text)\" for \"--\(flag)\" flag: strconv.ParseBool: parsing \"\(text)\": invalid syntax")
        }
        return value
    }
}
