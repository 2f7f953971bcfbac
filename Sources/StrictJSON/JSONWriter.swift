/// Serialises `JSONValue`s as UTF-8 JSON. Strings escape only `"`, `\` and control
/// characters; numbers are written with their original text; members keep their order.
public enum JSONWriter {
    public static func compact(_ value: JSONValue) -> String {
        var output: [UInt8] = []
        write(value, indent: nil, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// One member or element per line, `"key": value`, empty `{}` and `[]` inline,
    /// no trailing newline.
    public static func pretty(_ value: JSONValue, indent: Int = 2) -> String {
        var output: [UInt8] = []
        write(value, indent: max(0, indent), into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the JSON text to `output`; pretty output uses an indent of 2.
    public static func write(_ value: JSONValue, pretty: Bool, into output: inout [UInt8]) {
        write(value, indent: pretty ? 2 : nil, into: &output)
    }

    /// `string` as a JSON string literal, quotes included.
    static func quoted(_ string: String) -> String {
        var output: [UInt8] = []
        writeString(string, into: &output)
        return String(decoding: output, as: UTF8.self)
    }

    private static func write(_ value: JSONValue, indent: Int?, into output: inout [UInt8]) {
        var emitter = Emitter(output: output, indent: indent)
        output = []  // hand the buffer over without copying it
        emitter.emit(value, level: 0)
        output = emitter.output
    }

    private struct Emitter {
        var output: [UInt8]
        let indent: Int?

        mutating func emit(_ value: JSONValue, level: Int) {
            switch value {
            case .null: output.append(contentsOf: "null".utf8)
            case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
            case .number(let number): output.append(contentsOf: number.text.utf8)
            case .string(let string): writeString(string, into: &output)
            case .array(let elements):
                guard !elements.isEmpty else { return output.append(contentsOf: "[]".utf8) }
                output.append(ASCII.openBracket)
                for (index, element) in elements.enumerated() {
                    if index > 0 { output.append(ASCII.comma) }
                    newline(level: level + 1)
                    emit(element, level: level + 1)
                }
                newline(level: level)
                output.append(ASCII.closeBracket)
            case .object(let object):
                guard !object.members.isEmpty else { return output.append(contentsOf: "{}".utf8) }
                output.append(ASCII.openBrace)
                for (index, member) in object.members.enumerated() {
                    if index > 0 { output.append(ASCII.comma) }
                    newline(level: level + 1)
                    writeString(member.key, into: &output)
                    output.append(ASCII.colon)
                    if indent != nil { output.append(ASCII.space) }
                    emit(member.value, level: level + 1)
                }
                newline(level: level)
                output.append(ASCII.closeBrace)
            }
        }

        private mutating func newline(level: Int) {
            guard let indent else { return }
            output.append(ASCII.lineFeed)
            output.append(contentsOf: repeatElement(ASCII.space, count: indent * level))
        }
    }

    private static func writeString(_ string: String, into output: inout [UInt8]) {
        output.append(ASCII.quote)
        var string = string
        string.withUTF8 { utf8 in
            var runStart = 0
            for index in utf8.indices {
                let byte = utf8[index]
                guard byte < 0x20 || byte == ASCII.quote || byte == ASCII.backslash else { continue }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                appendEscape(for: byte, into: &output)
                runStart = index + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        output.append(ASCII.quote)
    }

    private static func appendEscape(for byte: UInt8, into output: inout [UInt8]) {
        output.append(ASCII.backslash)
        switch byte {
        case ASCII.quote, ASCII.backslash: output.append(byte)
        case 0x08: output.append(ASCII.lowerB)
        case 0x0C: output.append(ASCII.lowerF)
        case ASCII.lineFeed: output.append(ASCII.lowerN)
        case ASCII.carriageReturn: output.append(ASCII.lowerR)
        case ASCII.tab: output.append(ASCII.lowerT)
        default:
            let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
            output.append(contentsOf: [ASCII.lowerU, ASCII.zero, ASCII.zero, hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0xF)]])
        }
    }
}
