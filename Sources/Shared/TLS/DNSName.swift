/// Host names as RFC 1123 allows them: dot-separated labels of letters, digits and inner
/// hyphens, the last one not all digits (so a mistyped IP is not taken for a name).
public enum DNSName {
    /// Whether `name` is a host name; with `allowingWildcard`, "*.example.com" is one too
    /// (a certificate may carry it; a URL may not).
    public static func isValid(_ name: String, allowingWildcard: Bool = false) -> Bool {
        let lengthMax = 253
        guard !name.isEmpty, name.utf8.count <= lengthMax else { return false }
        var labels = name.split(separator: ".", omittingEmptySubsequences: false)
        if allowingWildcard, labels.count > 2, labels.first == "*" {
            labels.removeFirst()
        }
        guard let last = labels.last, !last.allSatisfy(\.isASCIIDigit) else { return false }
        return labels.allSatisfy(isValidLabel)
    }

    private static func isValidLabel(_ label: Substring) -> Bool {
        let lengthMax = 63
        guard (1...lengthMax).contains(label.utf8.count), label.first != "-", label.last != "-" else { return false }
        return label.allSatisfy { $0.isASCIIDigit || $0.isASCIILetter || $0 == "-" }
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
    var isASCIILetter: Bool { isASCII && isLetter }
}
