import Foundation

/// Text as Go's fmt and strconv write it: etcdctl's `fields` output quotes keys and values
/// with `%q`, and `--hex` spells every byte as `\xNN`.
enum GoText {
    /// `strconv.Quote`: printable characters as they are, the usual backslash escapes,
    /// `\xNN` for bytes that are not UTF-8, `\uNNNN`/`\UNNNNNNNN` for unprintable characters.
    static func quote(_ bytes: some Collection<UInt8>) -> String {
        var out = "\""
        var index = bytes.startIndex
        while index != bytes.endIndex {
            guard let (scalar, length) = decodeScalar(bytes[index...]) else {
                out += String(format: "\\x%02x", bytes[index])
                index = bytes.index(after: index)
                continue
            }
            out += escape(scalar)
            index = bytes.index(index, offsetBy: length)
        }
        return out + "\""
    }

    /// `--hex`: every byte as `\xNN`.
    static func hex(_ bytes: some Collection<UInt8>) -> String {
        bytes.map { String(format: "\\x%02x", $0) }.joined()
    }

    private static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\u{07}": return "\\a"
        case "\u{08}": return "\\b"
        case "\u{0C}": return "\\f"
        case "\n": return "\\n"
        case "\r": return "\\r"
        case "\t": return "\\t"
        case "\u{0B}": return "\\v"
        case "\\": return "\\\\"
        case "\"": return "\\\""
        default: break
        }
        if isPrintable(scalar) { return String(scalar) }
        if scalar.value < 0x80 { return String(format: "\\x%02x", scalar.value) }
        if scalar.value <= 0xFFFF { return String(format: "\\u%04x", scalar.value) }
        return String(format: "\\U%08x", scalar.value)
    }

    /// Go's `unicode.IsPrint`: letters, marks, numbers, punctuation, symbols and the ASCII space.
    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .nonspacingMark, .spacingMark, .enclosingMark,
             .decimalNumber, .letterNumber, .otherNumber,
             .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
            return true
        default:
            return false
        }
    }

    /// Decodes one UTF-8 scalar at the start of `bytes`: the scalar and its length, or nil
    /// when the bytes there are not valid UTF-8.
    static func decodeScalar(_ bytes: some Collection<UInt8>) -> (Unicode.Scalar, Int)? {
        var iterator = bytes.prefix(4).makeIterator()
        var decoder = UTF8()
        switch decoder.decode(&iterator) {
        case let .scalarValue(scalar): return (scalar, UTF8.width(scalar))
        case .emptyInput, .error: return nil
        }
    }
}

/// A system error as Go's syscall package words it (glibc's text in lower case), which
/// etcdctl's messages carry.
func goErrno(_ code: Int32) -> String {
    String(cString: strerror(code)).lowercased()
}
