/// Opaque bytes (keys, values, contexts) as text for the simple output. Printable UTF-8
/// appears as it is; every other byte (invalid UTF-8, control and format characters,
/// whitespace) appears as `\xHH`, and a backslash as `\\`. So the text is one token without
/// spaces, and the bytes can always be read back from it.
enum ByteText {
    static func escaped(_ bytes: [UInt8]) -> String {
        var text = ""
        var position = 0
        var iterator = bytes.makeIterator()
        var parser = Unicode.UTF8.ForwardParser()
        for _ in 0...bytes.count {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                let scalar = Unicode.UTF8.decode(encoded)
                if scalar == "\\" {
                    text += "\\\\"
                } else if isPrintable(scalar) {
                    text.unicodeScalars.append(scalar)
                } else {
                    appendHex(bytes[position..<(position + encoded.count)], to: &text)
                }
                position += encoded.count
            case .error(let length):
                appendHex(bytes[position..<(position + length)], to: &text)
                position += length
            case .emptyInput:
                return text
            }
        }
        preconditionFailure("every scalar takes at least one byte")
    }

    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
             .spaceSeparator, .lineSeparator, .paragraphSeparator:
            false
        default:
            true
        }
    }

    private static func appendHex(_ bytes: ArraySlice<UInt8>, to text: inout String) {
        for byte in bytes {
            text += byte < 0x10 ? "\\x0" : "\\x"
            text += String(byte, radix: 16)
        }
    }
}
